package dev.plimsoll.collector.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** A command's flags ({@code --name value}, {@code --name=value}, {@code --switch}) and positional arguments. */
final class Arguments {

    private final Map<String, List<String>> values;
    private final List<String> positional;

    private Arguments(Map<String, List<String>> values, List<String> positional) {
        this.values = values;
        this.positional = positional;
    }

    /**
     * @param valued flags that take a value
     * @param switches flags that take none
     */
    static Arguments parse(List<String> args, Set<String> valued, Set<String> switches) throws UsageException {
        Map<String, List<String>> values = new LinkedHashMap<>();
        List<String> positional = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("--") || arg.equals("--")) {
                positional.add(arg);
                continue;
            }
            int equals = arg.indexOf('=');
            String name = equals > 0 ? arg.substring(0, equals) : arg;
            if (switches.contains(name)) {
                if (equals > 0) {
                    throw new UsageException(name + " takes no value");
                }
                values.computeIfAbsent(name, key -> new ArrayList<>()).add("true");
            } else if (valued.contains(name)) {
                String value;
                if (equals > 0) {
                    value = arg.substring(equals + 1);
                } else if (i + 1 < args.size()) {
                    value = args.get(++i);
                } else {
                    throw new UsageException(name + " needs a value");
                }
                values.computeIfAbsent(name, key -> new ArrayList<>()).add(value);
            } else {
                throw new UsageException("unknown option " + name);
            }
        }
        return new Arguments(values, positional);
    }

    Optional<String> value(String flag) {
        List<String> given = values.getOrDefault(flag, List.of());
        return given.isEmpty() ? Optional.empty() : Optional.of(given.get(given.size() - 1));
    }

    String required(String flag) throws UsageException {
        return value(flag).orElseThrow(() -> new UsageException(flag + " is required"));
    }

    List<String> values(String flag) {
        return values.getOrDefault(flag, List.of());
    }

    boolean has(String flag) {
        return values.containsKey(flag);
    }

    List<String> positional() {
        return positional;
    }

    int intValue(String flag, int fallback, int minimum) throws UsageException {
        Optional<String> text = value(flag);
        if (text.isEmpty()) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(text.get());
            if (value < minimum) {
                throw new UsageException(flag + " must be at least " + minimum);
            }
            return value;
        } catch (NumberFormatException e) {
            throw new UsageException(flag + " must be a whole number, not \"" + text.get() + "\"");
        }
    }

    /** A size in bytes: {@code 52428800}, {@code 50M}, {@code 512K}, {@code 1G}. */
    long sizeValue(String flag, long fallback) throws UsageException {
        Optional<String> text = value(flag);
        if (text.isEmpty()) {
            return fallback;
        }
        String size = text.get().strip().toUpperCase(java.util.Locale.ROOT);
        long unit = 1;
        if (size.endsWith("K") || size.endsWith("M") || size.endsWith("G")) {
            unit = switch (size.charAt(size.length() - 1)) {
                case 'K' -> 1024L;
                case 'M' -> 1024L * 1024;
                default -> 1024L * 1024 * 1024;
            };
            size = size.substring(0, size.length() - 1);
        }
        try {
            long value = Long.parseLong(size) * unit;
            if (value <= 0) {
                throw new UsageException(flag + " must be positive");
            }
            return value;
        } catch (NumberFormatException e) {
            throw new UsageException(flag + " must be a size such as 50M, not \"" + text.get() + "\"");
        }
    }
}
