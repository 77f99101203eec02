package dev.plimsoll.deploy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Fields of a parsed Kubernetes object that its model does not know. The fabric8 model keeps
 * them aside ({@code additionalProperties}) instead of failing, so a misspelt field such as
 * {@code readOnlyRootFileSystem} would otherwise pass unnoticed, and Kubernetes would drop it.
 */
final class UnknownFields {

    private UnknownFields() {}

    /** The paths of the unknown fields, e.g. {@code spec.template.spec.containers[0].securityContext.foo}. */
    static List<String> of(Object object) {
        List<String> unknown = new ArrayList<>();
        walk(object, "", unknown);
        return unknown;
    }

    private static void walk(Object value, String path, List<String> unknown) {
        if (value == null || value instanceof GenericKubernetesResource) {
            return;
        }
        if (value instanceof Collection<?> collection) {
            int index = 0;
            for (Object element : collection) {
                walk(element, path + "[" + index++ + "]", unknown);
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((key, element) -> walk(element, path + "[" + key + "]", unknown));
            return;
        }
        if (!value.getClass().getPackageName().startsWith("io.fabric8.kubernetes.api.model")) {
            return;
        }
        for (Method getter : value.getClass().getMethods()) {
            if (getter.getParameterCount() != 0
                    || Modifier.isStatic(getter.getModifiers())
                    || !getter.getName().startsWith("get")
                    || getter.getDeclaringClass() == Object.class) {
                continue;
            }
            Object child = invoke(getter, value);
            String name = Character.toLowerCase(getter.getName().charAt(3))
                    + getter.getName().substring(4);
            if (name.equals("additionalProperties")) {
                if (child instanceof Map<?, ?> extra) {
                    extra.keySet().forEach(key -> unknown.add(join(path, String.valueOf(key))));
                }
            } else {
                walk(child, join(path, name), unknown);
            }
        }
    }

    private static String join(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    private static Object invoke(Method getter, Object target) {
        try {
            return getter.invoke(target);
        } catch (IllegalAccessException | InvocationTargetException e) {
            return null;
        }
    }
}
