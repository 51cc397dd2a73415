package dev.jawait.fuzzer.rt;

/**
 * A resource for generated try-with-resources statements: logs its opening and closing, and may
 * throw (checked or unchecked) from {@link #close()}.
 */
public final class Res implements AutoCloseable {
    private final String name;
    private final int closeFailure;

    /**
     * Opens (and logs) a resource.
     *
     * @param closeFailure 0: close normally; 1: close throws {@link FxUnchecked}; 2: close throws
     *     {@link FxChecked}
     */
    public Res(String name, int closeFailure) {
        this.name = name;
        this.closeFailure = closeFailure;
        Fx.log("open " + name);
    }

    /** Something to call on the resource inside the body. */
    public int use(int x) {
        Fx.log("use " + name + " " + x);
        return x + 1;
    }

    @Override
    public void close() throws FxChecked {
        Fx.log("close " + name);
        if (closeFailure == 1) {
            throw new FxUnchecked("close " + name);
        }
        if (closeFailure == 2) {
            throw new FxChecked("close " + name);
        }
    }
}
