package dev.plimsoll.ingest;

import dev.plimsoll.platform.error.Problem;
import dev.plimsoll.platform.error.ProblemException;
import dev.plimsoll.platform.error.ProblemType;
import dev.plimsoll.wire.ScanDocument;
import dev.plimsoll.wire.ScanResult;
import dev.plimsoll.wire.ScanTarget;
import dev.plimsoll.wire.TargetKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Checks a parsed scan document against the limits, naming every offending field by JSON pointer
 * (at most {@value #MAX_REPORTED} of them). Nothing is stored from a document that fails.
 */
final class ScanValidator {

    static final int MAX_REPORTED = 20;

    private final IngestConfig config;
    private final List<Problem.FieldError> errors = new ArrayList<>();

    private ScanValidator(IngestConfig config) {
        this.config = config;
    }

    static void validate(ScanDocument document, IngestConfig config, Instant now) {
        new ScanValidator(config).check(document, now);
    }

    private void check(ScanDocument document, Instant now) {
        try {
            UUID.fromString(document.scanId());
            if (document.scanId().length() != 36) {
                error("/scanId", "must be a UUID such as 7d1c6a52-3f0e-4a55-9a43-0b7f3a1e9c10");
            }
        } catch (IllegalArgumentException e) {
            error("/scanId", "must be a UUID such as 7d1c6a52-3f0e-4a55-9a43-0b7f3a1e9c10");
        }
        name("/benchmark/id", document.benchmark().id(), true);
        name("/benchmark/version", document.benchmark().version(), true);
        name("/host/id", document.host().id(), true);
        name("/host/hostname", document.host().hostname(), false);
        name("/host/os", document.host().os(), false);
        name("/host/dockerVersion", document.host().dockerVersion(), false);
        if (document.host().labels().size() > 64) {
            error("/host/labels", "at most 64 labels");
        }
        for (Map.Entry<String, String> label : document.host().labels().entrySet()) {
            name("/host/labels/" + escape(label.getKey()), label.getKey(), true);
            name("/host/labels/" + escape(label.getKey()), label.getValue(), false);
        }
        name("/collector/name", document.collector().name(), true);
        name("/collector/version", document.collector().version(), false);
        Instant latest = now.plus(config.futureTolerance());
        if (document.finishedAt().isAfter(latest)) {
            error("/finishedAt", "is in the future (" + document.finishedAt() + "); check the collector's clock");
        }
        if (document.startedAt().isAfter(document.finishedAt())) {
            error("/startedAt", "is after finishedAt");
        }
        if (document.finishedAt().isBefore(Instant.parse("2000-01-01T00:00:00Z"))) {
            error("/finishedAt", "is before the year 2000; check the collector's clock");
        }
        List<ScanResult> results = document.results();
        if (results.size() > config.maxResults()) {
            error(
                    "/results",
                    "has " + results.size() + " results; at most " + config.maxResults()
                            + " are accepted in one scan (plimsoll.ingest.max-results)");
        } else {
            ScanTarget checked = null;
            for (int i = 0; i < results.size() && errors.size() < MAX_REPORTED; i++) {
                ScanResult result = results.get(i);
                int before = errors.size();
                result(i, result, result.target() == checked);
                checked = errors.size() == before ? result.target() : null;
            }
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(
                    ProblemType.INVALID_REQUEST,
                    errors.size() == 1
                            ? errors.get(0).pointer() + " " + errors.get(0).detail() + "."
                            : "The scan document has " + errors.size() + " invalid fields"
                                    + (errors.size() >= MAX_REPORTED ? " or more" : "") + "; the first is "
                                    + errors.get(0).pointer() + ": "
                                    + errors.get(0).detail() + ".",
                    errors,
                    Map.of());
        }
    }

    /**
     * One result; its pointers are written only for an error. A target that is the very one the
     * previous result named, found valid there, is not checked again.
     */
    private void result(int index, ScanResult result, boolean targetChecked) {
        resultError(index, "/control", nameProblem(result.control(), true));
        resultError(index, "/evidence", textProblem(result.evidence()));
        resultError(index, "/remediation", textProblem(result.remediation()));
        if (targetChecked) {
            return;
        }
        ScanTarget target = result.target();
        resultError(index, "/target/id", nameProblem(target.id(), false));
        resultError(index, "/target/name", nameProblem(target.name(), false));
        resultError(index, "/target/image", nameProblem(target.image(), false));
        resultError(index, "/target/imageId", nameProblem(target.imageId(), false));
        if (target.kind() == TargetKind.container && blank(target.name())) {
            resultError(index, "/target/name", "is required for a container target (containers are known by name)");
        }
        if (target.kind() == TargetKind.image
                && blank(target.imageId())
                && blank(target.id())
                && blank(target.name())) {
            resultError(index, "/target/imageId", "is required for an image target (or id or name)");
        }
    }

    private void resultError(int index, String field, String problem) {
        if (problem != null) {
            error("/results/" + index + field, problem);
        }
    }

    private void name(String pointer, String value, boolean required) {
        String problem = nameProblem(value, required);
        if (problem != null) {
            error(pointer, problem);
        }
    }

    private String nameProblem(String value, boolean required) {
        if (value == null || value.isBlank()) {
            return required ? "is required and must not be blank" : null;
        }
        if (value.length() > config.maxNameLength()) {
            return "is " + value.length() + " characters long; at most " + config.maxNameLength();
        }
        return hasControlCharacters(value) ? "contains control characters" : null;
    }

    private String textProblem(String value) {
        if (value == null) {
            return null;
        }
        if (value.length() > config.maxTextLength()) {
            return "is " + value.length() + " characters long; at most " + config.maxTextLength()
                    + " (plimsoll.ingest.max-text-length)";
        }
        return value.indexOf('\u0000') >= 0 ? "contains a NUL character" : null;
    }

    private static boolean hasControlCharacters(String value) {
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    private void error(String pointer, String detail) {
        if (errors.size() < MAX_REPORTED) {
            errors.add(new Problem.FieldError(pointer, detail));
        }
    }

    private static String escape(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }
}
