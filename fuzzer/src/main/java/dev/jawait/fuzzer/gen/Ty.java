package dev.jawait.fuzzer.gen;

/** The types of generated locals and expressions. */
enum Ty {
    INT("int", "0", "oi"),
    LONG("long", "0L", "ol"),
    BYTE("byte", "(byte) 0", "ob"),
    SHORT("short", "(short) 0", "os"),
    CHAR("char", "'a'", "oc"),
    BOOLEAN("boolean", "false", "oz"),
    DOUBLE("double", "0.0", "od"),
    FLOAT("float", "0.0f", "of"),
    STRING("String", "\"\"", null),
    INTEGER("Integer", "Integer.valueOf(0)", null),
    EN("En", "En.A", null),
    INT_ARR("int[]", "new int[3]", null),
    LIST("List<Integer>", "new ArrayList<Integer>()", null),
    BOX("Box", "new Box(0, \"b\")", null),
    SB("StringBuilder", "new StringBuilder()", null),
    /** A value whose runtime type varies (String, Integer, Box, En or null): pattern subjects. */
    OBJECT("Object", "(Object) null", null),
    /** The generated class itself: the per-run instance {@code it} held in a {@code var} local. */
    SELF("var", "it", null),
    /** The type parameter {@code T} of a generic {@code @Async} method, whose parameter is {@code x}. */
    TVAR("T", "x", null);

    /** The type as written in source. */
    final String src;
    /** A literal of the type (what a shrunk expression becomes). */
    final String zero;
    /** The {@code Fx} helper that logs and returns a value of this type, or null. */
    final String logged;

    Ty(String src, String zero, String logged) {
        this.src = src;
        this.zero = zero;
        this.logged = logged;
    }

    /** The types a generated expression may have. */
    static final Ty[] SCALARS = {INT, LONG, BYTE, SHORT, CHAR, BOOLEAN, DOUBLE, FLOAT, STRING, INTEGER, EN};

    /** The boxed type, as a {@code Future}'s type argument. */
    String boxed() {
        switch (this) {
            case INT: return "Integer";
            case LONG: return "Long";
            case BYTE: return "Byte";
            case SHORT: return "Short";
            case CHAR: return "Character";
            case BOOLEAN: return "Boolean";
            case DOUBLE: return "Double";
            case FLOAT: return "Float";
            default: return src;
        }
    }

    boolean isIntLike() {
        return this == INT || this == BYTE || this == SHORT || this == CHAR;
    }
}
