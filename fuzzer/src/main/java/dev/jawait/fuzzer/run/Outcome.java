package dev.jawait.fuzzer.run;

import java.util.List;

/**
 * What one run of a program produced: its result or failure (class and message), and its
 * side-effect log. Two runs behave alike exactly when their outcomes are equal.
 */
public record Outcome(String result, List<String> log) {

    /** A run that did not finish in time. */
    public static Outcome timeout(List<String> log) {
        return new Outcome("TIMEOUT", log);
    }

    @Override
    public String toString() {
        return result + " log=" + log;
    }
}
