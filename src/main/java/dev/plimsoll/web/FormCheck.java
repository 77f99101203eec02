package dev.plimsoll.web;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.validation.Validator;
import java.util.Optional;
import java.util.stream.Collectors;

/** Checks a form's request record with the same constraints as the API, as one sentence for the page. */
@ApplicationScoped
public class FormCheck {

    @Inject
    Validator validator;

    /** The problems of {@code request} ("slug must be …; name is required"), or empty when it is valid. */
    public Optional<String> problems(Object request) {
        String problems = validator.validate(request).stream()
                .map(v -> v.getPropertyPath() + " " + v.getMessage())
                .sorted()
                .collect(Collectors.joining("; "));
        return problems.isEmpty() ? Optional.empty() : Optional.of(problems);
    }
}
