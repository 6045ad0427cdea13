package dev.ebpf4j.corpus;

/** A corpus line that cannot be read; the message names the field and, when known, the line number. */
public final class CorpusFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CorpusFormatException(String message) {
        super(message);
    }

    public CorpusFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
