package dev.plimsoll.collector.cli;

import dev.plimsoll.collector.CollectorVersion;
import java.util.Arrays;
import java.util.List;

/** Dispatches the command line to a command and turns what happens into an exit code. */
public final class Cli {

    static final String USAGE = """
            Usage: plimsoll-collector <command> [options]

            Commands:
              scan    [--output FILE|-]            run the CIS Docker Benchmark checks, write the scan document
              push    --url URL --token TOKEN      scan, then send the scan (and any spooled ones) to Plimsoll
                      [--spool DIR] [--spool-max-bytes SIZE] [--max-attempts N] [--spool-only]
                      [--token-file FILE]          (or the PLIMSOLL_TOKEN environment variable)
              import  --format docker-bench|trivy|kube-bench|hdf FILE|-
                      [--host NAME] [--scanned-at ISO] [--output FILE|-]
              verify  --signature FILE.sig --public-key KEY FILE
                                                   check offline that a Plimsoll report is unaltered
              version                              print the collector's version
              help                                 print this text

            Options of scan and push:
              --docker-socket PATH     the daemon's socket (default /var/run/docker.sock)
              --host-root DIR          where the host's / is mounted (default /; /host in a container)
              --host-id ID             the host's identity (default: <host-root>/etc/machine-id)
              --label KEY=VALUE        a label for the host (repeatable)
              --trusted-users A,B      the users allowed in the docker group (CIS 1.1.2)
              --parallelism N          containers and images inspected at once (default 4)
              --fail-on STATUS,...     exit 1 when a result has one of these statuses (e.g. fail,warn)

            Exit codes: 0 ok, 1 checks failed (--fail-on) or report not valid, 2 usage error, 3 Docker, host or file not
            readable, 4 backend refused, 5 backend unreachable (the scan stays spooled).
            """;

    private final Environment environment;

    public Cli(Environment environment) {
        this.environment = environment;
    }

    public ExitCode run(String... args) {
        if (args.length == 0) {
            environment.err().print(USAGE);
            return ExitCode.USAGE;
        }
        List<String> rest = Arrays.asList(args).subList(1, args.length);
        try {
            return switch (args[0]) {
                case "scan" -> new ScanCommand(environment).run(rest);
                case "push" -> new PushCommand(environment).run(rest);
                case "import" -> new ImportCommand(environment).run(rest);
                case "verify" -> new VerifyCommand(environment).run(rest);
                case "version", "--version" -> {
                    environment.out().println(CollectorVersion.NAME + " " + CollectorVersion.VERSION);
                    yield ExitCode.OK;
                }
                case "help", "--help", "-h" -> {
                    environment.out().print(USAGE);
                    yield ExitCode.OK;
                }
                default -> throw new UsageException("unknown command \"" + args[0] + "\"");
            };
        } catch (UsageException e) {
            environment.err().println("error: " + e.getMessage());
            environment.err().println("Run plimsoll-collector help for the commands and options.");
            return ExitCode.USAGE;
        }
    }
}
