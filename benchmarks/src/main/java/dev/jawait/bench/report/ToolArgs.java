package dev.jawait.bench.report;

/** The one optional argument, a positive number, of the diagnostic programs in this package. */
final class ToolArgs {
    private ToolArgs() {}

    /**
     * {@code args[0]} as a positive number, or {@code fallback} when there is no argument. Anything
     * else prints {@code usage} and exits with status 2.
     */
    static int positiveOrExit(String[] args, int fallback, String usage) {
        int value;
        try {
            value = args.length == 0 ? fallback : args.length == 1 ? Integer.parseInt(args[0]) : 0;
        } catch (NumberFormatException e) {
            value = 0;
        }
        if (value < 1) {
            System.err.println("usage: " + usage);
            System.exit(2);
        }
        return value;
    }
}
