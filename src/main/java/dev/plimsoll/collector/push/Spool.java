package dev.plimsoll.collector.push;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Scan documents waiting to reach the backend, one gzip file each, oldest first by name.
 *
 * <p>A document is written here before it is sent and removed only once the backend has it, so a
 * crash at any point loses nothing: each file is written to a temporary name, forced to disk and
 * renamed, and the directory is forced too. Sending the same file twice is harmless because the
 * scan id inside is the backend's idempotency key. The spool keeps at most {@code maxBytes}: when
 * a new document would exceed that, the oldest ones are dropped, with a warning.
 */
public final class Spool {

    /** A spooled document: its file and scan id. */
    public record Entry(Path file, String scanId) {}

    private static final String SUFFIX = ".json.gz";
    private static final String TEMP_PREFIX = ".tmp-";

    private final Path dir;
    private final long maxBytes;
    private final Clock clock;
    private final PrintStream warnings;

    public Spool(Path dir, long maxBytes, Clock clock, PrintStream warnings) {
        this.dir = dir;
        this.maxBytes = maxBytes;
        this.clock = clock;
        this.warnings = warnings;
    }

    public Path dir() {
        return dir;
    }

    /** Keeps a document durably; returns its entry. Drops the oldest documents beyond the size cap. */
    public Entry store(String scanId, byte[] gzippedDocument) throws IOException {
        Files.createDirectories(dir);
        String name = String.format("%013d-%s%s", clock.millis(), scanId, SUFFIX);
        Path target = dir.resolve(name);
        Path temp = dir.resolve(TEMP_PREFIX + name);
        try (FileChannel channel = FileChannel.open(
                temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, StandardOpenOption.SYNC)) {
            ByteBuffer buffer = ByteBuffer.wrap(gzippedDocument);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        }
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.deleteIfExists(temp);
            throw new IOException("the spool directory " + dir + " does not support atomic renames", e);
        }
        forceDirectory(dir);
        enforceCap(target);
        return new Entry(target, scanId);
    }

    /** The documents waiting, oldest first. Half-written files of an interrupted run are removed. */
    public List<Entry> pending() throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Entry> entries = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.sorted().toList()) {
                String name = file.getFileName().toString();
                if (name.startsWith(TEMP_PREFIX)) {
                    Files.deleteIfExists(file);
                } else if (name.endsWith(SUFFIX) && Files.isRegularFile(file)) {
                    entries.add(new Entry(file, scanIdOf(name)));
                }
            }
        }
        return entries;
    }

    /** Forgets a document the backend now has. */
    public void remove(Entry entry) throws IOException {
        Files.deleteIfExists(entry.file());
        forceDirectory(dir);
    }

    /** Moves a document the backend will never take to {@code rejected/}, for a person to look at. */
    public Path reject(Entry entry) throws IOException {
        Path rejected = dir.resolve("rejected");
        Files.createDirectories(rejected);
        Path target = rejected.resolve(entry.file().getFileName());
        Files.move(entry.file(), target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        forceDirectory(dir);
        return target;
    }

    public byte[] read(Entry entry) throws IOException {
        return Files.readAllBytes(entry.file());
    }

    /** The bytes the waiting documents take. */
    public long size() throws IOException {
        long total = 0;
        for (Entry entry : pending()) {
            total += sizeOf(entry.file());
        }
        return total;
    }

    private void enforceCap(Path newest) throws IOException {
        List<Entry> entries = pending();
        long total = 0;
        for (Entry entry : entries) {
            total += sizeOf(entry.file());
        }
        for (Entry oldest : entries) {
            if (total <= maxBytes || oldest.file().equals(newest)) {
                break;
            }
            long size = sizeOf(oldest.file());
            Files.deleteIfExists(oldest.file());
            total -= size;
            warnings.println("warning: the spool " + dir + " is over its cap of " + maxBytes + " bytes: dropped the"
                    + " oldest unsent scan " + oldest.scanId() + " (" + size + " bytes). Raise --spool-max-bytes or"
                    + " fix the connection to the backend.");
        }
        forceDirectory(dir);
        if (total > maxBytes) {
            warnings.println("warning: the newest scan alone (" + total + " bytes) exceeds the spool cap of " + maxBytes
                    + " bytes; it is kept until it is sent.");
        }
    }

    private static long sizeOf(Path file) throws IOException {
        try {
            return Files.size(file);
        } catch (NoSuchFileException gone) {
            return 0;
        }
    }

    private static String scanIdOf(String name) {
        String stem = name.substring(0, name.length() - SUFFIX.length());
        int dash = stem.indexOf('-');
        return dash >= 0 ? stem.substring(dash + 1) : stem;
    }

    /** Makes a rename or delete in {@code dir} durable (a no-op where directories cannot be opened). */
    private static void forceDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException notSupported) {
            // Some platforms cannot open directories; the rename itself is still atomic there.
        }
    }
}
