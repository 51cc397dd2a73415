package dev.jawait.fuzzer.run;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What one run of a program produced: its result or failure (class and message), and its
 * side-effect log. Two runs behave alike exactly when their outcomes are equal.
 *
 * <p>A string longer than {@value #KEPT_CHARS} characters (a program that doubles a {@code String}
 * in a loop logs or returns hundreds of megabytes) is kept as its length, its ends and two hashes
 * of all its characters: the twin's outcome is held while the machine runs, and holding the whole
 * string would leave the machine less memory than the twin had (campaign seed 20261131, program
 * 3,376: the machine ran out of memory where its twin had not).
 *
 * @param result {@code returned <value>}, {@code threw <class>(<message>)} or {@code TIMEOUT}
 * @param log the side-effect log
 * @param cancelled whether the run passed the cancel point of its schedule (the machine's task was
 *     aborted; the twin's await threw there)
 */
public record Outcome(String result, List<String> log, boolean cancelled) {
    /** Strings up to this length are kept whole. */
    static final int KEPT_CHARS = 4096;

    /** What awaiting the handle of an aborted task gives ({@code JoinCell}'s message). */
    public static final String ABORTED = "threw java.util.concurrent.CancellationException(the task was aborted)";

    /** An outcome of a run that was not cancelled. */
    public Outcome(String result, List<String> log) {
        this(result, log, false);
    }

    /** Shortens long strings as described above. */
    public Outcome {
        result = compact(result);
        List<String> kept = new ArrayList<>(log.size());
        for (String entry : log) {
            kept.add(compact(entry));
        }
        log = Collections.unmodifiableList(kept);
    }

    /** A run that did not finish in time. */
    public static Outcome timeout(List<String> log) {
        return new Outcome("TIMEOUT", log);
    }

    /**
     * {@code s} itself if it is short; otherwise its first and last 64 characters around its
     * length and two independent hashes of every character (equal strings give equal results,
     * and two different long strings collide only if both hashes do).
     */
    static String compact(String s) {
        if (s == null || s.length() <= KEPT_CHARS) {
            return s;
        }
        long fnv = 0xcbf29ce484222325L; // FNV-1a over the chars, alongside String.hashCode
        for (int i = 0; i < s.length(); i++) {
            fnv = (fnv ^ s.charAt(i)) * 0x100000001b3L;
        }
        return s.substring(0, 64) + "…[" + s.length() + " chars, hashes " + Integer.toHexString(s.hashCode())
                + "/" + Long.toHexString(fnv) + "]…" + s.substring(s.length() - 64);
    }

    @Override
    public String toString() {
        return result + (cancelled ? " (cancelled)" : "") + " log=" + log;
    }
}
