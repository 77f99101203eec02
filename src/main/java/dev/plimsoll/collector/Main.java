package dev.plimsoll.collector;

import dev.plimsoll.collector.cli.Cli;
import dev.plimsoll.collector.cli.Environment;

/** The collector's entry point: {@code java -jar plimsoll-collector.jar <command> ...}. */
public final class Main {

    private Main() {}

    public static void main(String[] args) {
        System.exit(new Cli(Environment.system()).run(args).code());
    }
}
