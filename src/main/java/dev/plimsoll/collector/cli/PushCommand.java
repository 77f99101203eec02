package dev.plimsoll.collector.cli;

import dev.plimsoll.collector.docker.DockerException;
import dev.plimsoll.collector.push.BackendClient;
import dev.plimsoll.collector.push.Pusher;
import dev.plimsoll.collector.push.Spool;
import dev.plimsoll.collector.scan.HostException;
import dev.plimsoll.collector.scan.Scanner;
import dev.plimsoll.wire.ResultStatus;
import dev.plimsoll.wire.ScanDocument;
import dev.plimsoll.wire.ScanJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.zip.GZIPOutputStream;

/**
 * {@code push --url URL --token TOKEN}: scans, keeps the document in the spool, then sends the
 * spool to the backend, oldest first. {@code --spool-only} sends what is spooled without scanning.
 */
final class PushCommand {

    static final String DEFAULT_SPOOL = "/var/lib/plimsoll-collector/spool";
    static final long DEFAULT_SPOOL_MAX_BYTES = 64L * 1024 * 1024;
    static final String TOKEN_VARIABLE = "PLIMSOLL_TOKEN";

    private static final Set<String> VALUED = ScanCommand.union(
            ScanFlags.VALUED,
            Set.of("--url", "--token", "--token-file", "--spool", "--spool-max-bytes", "--max-attempts"));

    private static final Set<String> SWITCHES = Set.of("--spool-only");

    private final Environment environment;

    PushCommand(Environment environment) {
        this.environment = environment;
    }

    ExitCode run(List<String> rawArgs) throws UsageException {
        Arguments args = Arguments.parse(rawArgs, VALUED, SWITCHES);
        if (!args.positional().isEmpty()) {
            throw new UsageException("push takes no arguments, only options: " + args.positional());
        }
        URI url = backendUrl(args.required("--url"));
        String token = token(args);
        Set<ResultStatus> failOn = ScanFlags.failOn(args);
        Spool spool = new Spool(
                Path.of(args.value("--spool").orElse(DEFAULT_SPOOL)),
                args.sizeValue("--spool-max-bytes", DEFAULT_SPOOL_MAX_BYTES),
                environment.clock(),
                environment.err());
        int maxAttempts = args.intValue("--max-attempts", 5, 1);

        boolean checksFailed = false;
        if (!args.has("--spool-only")) {
            ScanDocument document;
            try {
                document = new Scanner(ScanFlags.options(args), environment.commands(), environment.clock()).scan();
            } catch (DockerException | HostException unreadable) {
                environment.err().println("error: " + unreadable.getMessage());
                return ExitCode.UNREADABLE;
            }
            try {
                spool.store(document.scanId(), gzip(ScanJson.write(document)));
            } catch (IOException e) {
                environment
                        .err()
                        .println("error: cannot keep the scan in the spool " + spool.dir() + ": " + e.getMessage());
                return ExitCode.UNREADABLE;
            }
            environment.err().println("scan " + document.scanId() + ": " + ScanFlags.summary(document));
            checksFailed = ScanFlags.matches(document, failOn);
        }

        Pusher pusher = new Pusher(
                spool,
                new BackendClient(url, token, environment.clock()),
                environment.sleeper(),
                maxAttempts,
                environment.err());
        Pusher.Result result;
        try {
            result = pusher.drain();
        } catch (IOException e) {
            environment.err().println("error: cannot read the spool " + spool.dir() + ": " + e.getMessage());
            return ExitCode.UNREADABLE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ExitCode.KEPT_FOR_LATER;
        }
        return switch (result) {
            case REFUSED -> ExitCode.BACKEND_REFUSED;
            case KEPT_FOR_LATER -> ExitCode.KEPT_FOR_LATER;
            case ALL_DELIVERED -> checksFailed ? ExitCode.CHECKS_FAILED : ExitCode.OK;
        };
    }

    private static URI backendUrl(String text) throws UsageException {
        try {
            URI uri = new URI(text);
            if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new UsageException("--url must be an http(s) URL such as https://plimsoll.example.com");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new UsageException("--url is not a URL: " + e.getMessage());
        }
    }

    /** The token from --token, --token-file or PLIMSOLL_TOKEN (the last two keep it out of the process list). */
    private String token(Arguments args) throws UsageException {
        Optional<String> token = args.value("--token");
        if (token.isEmpty() && args.value("--token-file").isPresent()) {
            Path file = Path.of(args.value("--token-file").get());
            try {
                token = Optional.of(
                        Files.readString(file, StandardCharsets.UTF_8).strip());
            } catch (IOException e) {
                throw new UsageException("cannot read --token-file " + file + ": " + e.getMessage());
            }
        }
        if (token.isEmpty()) {
            token = Optional.ofNullable(environment.variables().get(TOKEN_VARIABLE));
        }
        return token.filter(text -> !text.isBlank())
                .orElseThrow(() -> new UsageException(
                        "a collector token is required: --token, --token-file or " + TOKEN_VARIABLE));
    }

    private static byte[] gzip(String json) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            gzip.write(json.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
