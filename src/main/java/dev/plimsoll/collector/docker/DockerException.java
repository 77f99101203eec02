package dev.plimsoll.collector.docker;

/** The Docker daemon could not be reached or did not answer as the Engine API says it should. */
public class DockerException extends Exception {

    private static final long serialVersionUID = 1L;

    public DockerException(String message) {
        super(message);
    }

    public DockerException(String message, Throwable cause) {
        super(message, cause);
    }
}
