package dev.jawait.fuzzer.gen;

/**
 * The instance fields every generated class declares. Instance {@code @Async} methods read and
 * write them by bare name and as {@code this.f}; any method reaches them through the per-run
 * instance {@code it} or a local holding it. The {@code private} ones are reached through var
 * handles in the machine (the processor's hardest field accesses: narrowing compound assignment
 * included), the others directly.
 */
enum Field {
    FI(Ty.INT, "fi", "1", false),
    FL(Ty.LONG, "fl", "2L", false),
    FS(Ty.STRING, "fs", "\"i\"", false),
    FB(Ty.BOX, "fb", "new Box(3, \"fb\")", false),
    FA(Ty.INT_ARR, "fa", "{1, 2, 3}", false),
    FO(Ty.OBJECT, "fo", "\"fo\"", false),
    PI(Ty.INT, "pi", "4", true),
    PS(Ty.STRING, "ps", "\"p\"", true),
    PSH(Ty.SHORT, "psh", "(short) 5", true),
    PC(Ty.CHAR, "pc", "'c'", true),
    PBY(Ty.BYTE, "pby", "(byte) 126", true);

    final Ty ty;
    final String name;
    final String init;
    final boolean priv;

    Field(Ty ty, String name, String init, boolean priv) {
        this.ty = ty;
        this.name = name;
        this.init = init;
        this.priv = priv;
    }

    /** The declaration, as a member of the generated class. */
    String declaration() {
        return (priv ? "private " : "") + ty.src + " " + name + " = " + init + ";";
    }
}
