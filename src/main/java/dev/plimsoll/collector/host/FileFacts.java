package dev.plimsoll.collector.host;

/** Owner, group and permission bits of a host file (mode without the file type, e.g. 0644). */
public record FileFacts(String path, int uid, int gid, int mode) {

    /** The bits set beyond {@code allowed}: what makes the file more open than allowed. */
    public int bitsBeyond(int allowed) {
        return mode & ~allowed;
    }

    /** {@code 644}-style octal text. */
    public String octalMode() {
        return String.format("%03o", mode);
    }

    @Override
    public String toString() {
        return path + " " + uid + ":" + gid + " mode " + octalMode();
    }
}
