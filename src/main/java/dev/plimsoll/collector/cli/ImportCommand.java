package dev.plimsoll.collector.cli;

import dev.plimsoll.wire.ScanDocument;
import dev.plimsoll.wire.ScanJson;
import dev.plimsoll.wire.imports.ImportContext;
import dev.plimsoll.wire.imports.ImportException;
import dev.plimsoll.wire.imports.Importers;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;

/**
 * {@code import --format F FILE}: converts another tool's output to the native scan document,
 * with the same conversion the backend's imports endpoint uses.
 */
final class ImportCommand {

    private static final Set<String> VALUED = Set.of("--format", "--host", "--scanned-at", "--output");

    private final Environment environment;

    ImportCommand(Environment environment) {
        this.environment = environment;
    }

    ExitCode run(List<String> rawArgs) throws UsageException {
        Arguments args = Arguments.parse(rawArgs, VALUED, Set.of());
        String format = args.required("--format");
        if (!Importers.formats().contains(format)) {
            throw new UsageException("--format must be one of " + String.join(", ", Importers.formats()));
        }
        if (args.positional().size() != 1) {
            throw new UsageException("import takes exactly one FILE (or - for standard input)");
        }
        String file = args.positional().get(0);
        Instant scannedAt = null;
        if (args.value("--scanned-at").isPresent()) {
            try {
                scannedAt = Instant.parse(args.value("--scanned-at").get());
            } catch (DateTimeParseException e) {
                throw new UsageException("--scanned-at must be an ISO-8601 instant such as 2026-11-28T10:00:00Z");
            }
        }
        ScanDocument document;
        try (InputStream in = file.equals("-") ? environment.in() : Files.newInputStream(Path.of(file))) {
            if (scannedAt == null && !file.equals("-")) {
                // When the output does not say when it was made, the file's age is the best witness.
                scannedAt = Files.getLastModifiedTime(Path.of(file)).toInstant();
            }
            ImportContext context = ImportContext.of(args.value("--host").orElse(null), scannedAt);
            document = Importers.convert(format, in, context);
        } catch (IOException e) {
            environment.err().println("error: cannot read " + file + ": " + e.getMessage());
            return ExitCode.UNREADABLE;
        } catch (ImportException e) {
            String where = e.location().isEmpty() ? "" : " at " + e.location();
            environment
                    .err()
                    .println("error: " + file + " is not usable " + format + " output" + where + ": " + e.detail());
            return ExitCode.UNREADABLE;
        }
        try {
            Output.write(args.value("--output").orElse("-"), ScanJson.writePretty(document), environment.out());
        } catch (IOException e) {
            environment
                    .err()
                    .println("error: cannot write " + args.value("--output").orElse("-") + ": " + e.getMessage());
            return ExitCode.UNREADABLE;
        }
        environment
                .err()
                .println("imported " + format + " as scan " + document.scanId() + ": " + ScanFlags.summary(document));
        return ExitCode.OK;
    }
}
