package dev.jawait.fuzzer.run;

import dev.jawait.fuzzer.rt.Schedule;

/**
 * A machine that does not behave like its twin: it fails to compile ({@code kind = COMPILE}), its
 * class fails verification while the twin's passes ({@code VERIFY}), or one run's outcome differs
 * ({@code MISMATCH}), or does not finish ({@code TIMEOUT}).
 *
 * @param kind COMPILE, VERIFY, MISMATCH or TIMEOUT
 * @param detail the compiler's errors, the verifier's message, or a description of the run
 * @param schedule the schedule of the differing run (null for COMPILE and VERIFY)
 * @param drive the executor of the differing run (null for COMPILE and VERIFY)
 * @param expected the twin's outcome (null for COMPILE and VERIFY)
 * @param actual the machine's outcome (null for COMPILE and VERIFY)
 */
public record Divergence(String kind, String detail, Schedule schedule, Drive drive, Outcome expected,
        Outcome actual) {

    /**
     * A short key that groups divergences likely caused by the same bug. A run with a cancel point
     * is marked as such: its divergences are not those of a known plain-run reproducer.
     */
    public String signature() {
        String s = runSignature();
        return schedule != null && schedule.cancels() ? s + " in a cancel run" : s;
    }

    private String runSignature() {
        if (kind.equals("COMPILE")) {
            String first = detail.lines().findFirst().orElse("");
            int colon = first.indexOf(": ");
            return "COMPILE " + normalise(colon < 0 ? first : first.substring(colon + 2));
        }
        if (kind.equals("VERIFY")) {
            return "VERIFY " + normalise(detail.lines().findFirst().orElse(""));
        }
        if (kind.equals("TIMEOUT")) {
            return "TIMEOUT";
        }
        String e = expected.result();
        String a = actual.result();
        if (!e.equals(a)) {
            return "MISMATCH " + normalise(e) + " -> " + normalise(a);
        }
        return "MISMATCH log";
    }

    private static String normalise(String s) {
        // One line: a VerifyError's message goes on with the bytecode.
        String t = s.lines().findFirst().orElse("").replaceAll("\\(.*", "").replaceAll("[0-9]+", "#");
        return t.length() > 120 ? t.substring(0, 120) : t;
    }

    @Override
    public String toString() {
        if (kind.equals("COMPILE") || kind.equals("VERIFY")) {
            return kind + ": " + detail;
        }
        return kind + " on " + drive + " under " + schedule + "\n  twin:    " + expected + "\n  machine: " + actual;
    }
}
