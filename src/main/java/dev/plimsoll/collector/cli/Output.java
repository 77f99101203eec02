package dev.plimsoll.collector.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Writes a document to standard output ({@code -}) or, atomically, to a file. */
final class Output {

    private Output() {}

    static void write(String destination, String text, PrintStream out) throws IOException {
        if (destination.equals("-")) {
            out.println(text);
            out.flush();
            return;
        }
        Path file = Path.of(destination).toAbsolutePath();
        Path temp = file.resolveSibling("." + file.getFileName() + ".tmp");
        Files.writeString(temp, text + "\n", StandardCharsets.UTF_8);
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
