package dev.jawait.fuzzer.gen;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Generates random, type-correct {@code @Async} programs over the grammar of
 * {@code notes/lowering.md} §8. Correct by construction: every local is declared with its type
 * and (definitely) assigned before use, loop counters and recursion depth are never written by
 * generated statements (so every program terminates), jumps and returns only appear guarded by
 * an {@code if} (so no code is unreachable), and checked exceptions are tracked so that each
 * {@code catch (FxChecked e)} has a body that can throw one.
 *
 * <p>Every construct family used is recorded in {@link Program#features}.
 */
public final class Generator {
    private static final Ty[] RETURN_TYPES = {Ty.INT, Ty.STRING, Ty.BOOLEAN, Ty.LONG};

    private final Random r;
    private final Profile profile;
    private final Program program;
    private final Ty[] returnTypes;
    private final int methodCount;
    /** Every {@code @Async} method: {@code m0..}, then the optional generic and varargs ones. */
    private final List<Method> methods = new ArrayList<>();
    /**
     * Whether this program uses pattern {@code instanceof}. Decided per program: at the rates the
     * forms need to be seen, every program would have some, and half keeps the shapes earlier
     * campaigns covered (the processor types methods with pattern bindings differently).
     */
    private final boolean patterns;

    // Per-method state.
    /** Index of the current {@code mJ} (it may call {@code mJ..}); {@link #methodCount} in the others. */
    private int method;
    private Method cur;
    private final List<List<Var>> scopes = new ArrayList<>();
    private final List<Target> targets = new ArrayList<>();
    private final List<CatchParam> catchParams = new ArrayList<>();
    private final List<String> retired = new ArrayList<>();
    private int nextId;
    private int budget;
    private boolean mayThrowChecked;
    private int loopDepth;
    /** Greater than zero inside a construct that must not contain awaits under the profile. */
    private int noAwait;

    private boolean inSwitchExpression() {
        for (Target t : targets) {
            if (t.kind == '|') {
                return true;
            }
        }
        return false;
    }

    private boolean canAwait() {
        return noAwait == 0;
    }

    private void enterNoAwait(boolean unsupported) {
        if (unsupported && profile == Profile.SUPPORTED) {
            noAwait++;
        }
    }

    private void exitNoAwait(boolean unsupported) {
        if (unsupported && profile == Profile.SUPPORTED) {
            noAwait--;
        }
    }

    private Generator(long seed, String name, Profile profile) {
        this.r = new Random(seed);
        this.profile = profile;
        this.methodCount = 1 + r.nextInt(3);
        this.returnTypes = new Ty[methodCount];
        for (int i = 0; i < methodCount; i++) {
            returnTypes[i] = RETURN_TYPES[r.nextInt(RETURN_TYPES.length)];
            methods.add(method("m" + i, Method.PLAIN, returnTypes[i]));
        }
        if (chance(40)) {
            methods.add(method("g0", Method.GENERIC, Ty.TVAR));
        }
        if (chance(40)) {
            methods.add(method("va0", Method.VARARGS, Ty.INT));
        }
        this.patterns = chance(50);
        this.program = new Program(name, seed, new Block());
        program.entryOnInstance = methods.get(0).instance;
    }

    private Method method(String name, char kind, Ty ret) {
        boolean instance = chance(40);
        boolean priv = chance(20);
        return new Method(name, kind, ret, instance, priv);
    }

    /** The program of {@code seed}, as class {@code fz.<name>}. */
    public static Program generate(long seed, String name) {
        return generate(seed, name, Profile.FULL);
    }

    /**
     * Which constructs may contain awaits. {@link #FULL} is the whole grammar; {@link #SUPPORTED}
     * keeps awaits out of the constructs the processor still rejects as "not supported yet" (switch
     * expressions, at the time of writing), so that campaigns reach the run-time checks while those
     * are being implemented.
     */
    public enum Profile { FULL, SUPPORTED }

    /** The program of {@code seed} under {@code profile}. */
    public static Program generate(long seed, String name, Profile profile) {
        Generator g = new Generator(seed, name, profile);
        for (int i = 0; i < g.methods.size(); i++) {
            g.program.methods.add(g.method(i));
        }
        return g.program;
    }

    // ------------------------------------------------------------------------------------------
    // Bookkeeping
    // ------------------------------------------------------------------------------------------

    /** A local in scope. */
    private static final class Var {
        final String name;
        final Ty ty;
        final boolean writable;

        Var(String name, Ty ty, boolean writable) {
            this.name = name;
            this.ty = ty;
            this.writable = writable;
        }
    }

    /** An {@code @Async} method's signature, fixed before any body is generated. */
    private static final class Method {
        static final char PLAIN = 'm'; // (int d, int p)
        static final char GENERIC = 'g'; // <T> (int d, T x), returns Future<T>
        static final char VARARGS = 'v'; // (int d, int... xs), returns Future<Integer>

        final String name;
        final char kind;
        final Ty ret;
        final boolean instance;
        final boolean priv;

        Method(String name, char kind, Ty ret, boolean instance, boolean priv) {
            this.name = name;
            this.kind = kind;
            this.ret = ret;
            this.instance = instance;
            this.priv = priv;
        }

        /** Modifiers, type parameters, return type, name and parameters: what follows the {@code @Async} line. */
        String header() {
            String params = kind == PLAIN ? "int d, int p" : kind == GENERIC ? "int d, T x" : "int d, int... xs";
            return (priv ? "private " : "") + (instance ? "" : "static ") + (kind == GENERIC ? "<T> " : "")
                    + "Future<" + ret.boxed() + "> " + name + "(" + params + ") throws FxChecked ";
        }
    }

    /** A catch parameter in scope, and whether rethrowing it can throw a checked exception. */
    private static final class CatchParam {
        final String name;
        final boolean checked;

        CatchParam(String name, boolean checked) {
            this.name = name;
            this.checked = checked;
        }
    }

    /** A jump target in scope: a loop, a switch statement, a labelled block, or a barrier. */
    private static final class Target {
        final String label;
        final char kind; // 'L' loop, 'S' switch statement, 'B' labelled block, '|' switch expression

        Target(String label, char kind) {
            this.label = label;
            this.kind = kind;
        }
    }

    private void feature(String f) {
        program.features.add(f);
    }

    private String id(String prefix) {
        return prefix + (nextId++);
    }

    private String tag(String prefix) {
        return "\"" + prefix + (nextId++) + "\"";
    }

    /** A fresh local name, sometimes reusing one from a closed sibling scope. */
    private String localName() {
        if (!retired.isEmpty() && r.nextInt(4) == 0) {
            String n = retired.remove(r.nextInt(retired.size()));
            if (lookup(n) == null) {
                feature("sibling-scope name reuse");
                return n;
            }
        }
        return id("x");
    }

    private Var lookup(String name) {
        for (List<Var> s : scopes) {
            for (Var v : s) {
                if (v.name.equals(name)) {
                    return v;
                }
            }
        }
        return null;
    }

    private void open() {
        scopes.add(new ArrayList<>());
    }

    private void close() {
        List<Var> s = scopes.remove(scopes.size() - 1);
        for (Var v : s) {
            if (v.name.startsWith("x")) {
                retired.add(v.name);
            }
        }
    }

    private Var declare(String name, Ty ty, boolean writable) {
        Var v = new Var(name, ty, writable);
        scopes.get(scopes.size() - 1).add(v);
        return v;
    }

    private List<Var> vars(Ty ty, boolean writable) {
        List<Var> out = new ArrayList<>();
        for (List<Var> s : scopes) {
            for (Var v : s) {
                if (v.ty == ty && (!writable || v.writable)) {
                    out.add(v);
                }
            }
        }
        return out;
    }

    private <T> T pick(List<T> xs) {
        return xs.get(r.nextInt(xs.size()));
    }

    private boolean chance(int percent) {
        return r.nextInt(100) < percent;
    }

    // ------------------------------------------------------------------------------------------
    // Methods
    // ------------------------------------------------------------------------------------------

    private Node method(int index) {
        cur = methods.get(index);
        method = cur.kind == Method.PLAIN ? index : methodCount;
        scopes.clear();
        targets.clear();
        catchParams.clear();
        retired.clear();
        loopDepth = 0;
        open();
        declare("d", Ty.INT, false);
        Block body = new Block();
        body.add(Node.pinned("step();"));
        if (cur.instance) {
            feature("instance @Async method");
        }
        if (cur.priv) {
            feature("private @Async method");
        }
        if (cur.kind == Method.PLAIN) {
            budget = 14 + r.nextInt(22);
            declare("p", Ty.INT, true);
            statements(body, 3 + r.nextInt(5), 0);
            body.add(Node.stmt("return Future.ready(", expr(cur.ret, 2), ");"));
            if (index > 0) {
                feature("calls between @Async methods");
            }
        } else if (cur.kind == Method.GENERIC) {
            feature("generic @Async method");
            budget = 6 + r.nextInt(10);
            declare("x", Ty.TVAR, true);
            body.add(Node.stmt("log(" + tag("g") + " + x);"));
            statements(body, 2 + r.nextInt(4), 0);
            body.add(Node.stmt("return Future.ready(", expr(Ty.TVAR, 2), ");"));
        } else {
            feature("varargs @Async method");
            budget = 6 + r.nextInt(10);
            declare("xs", Ty.INT_ARR, false);
            // Await every argument: the varargs array lives across the awaits.
            String sum = id("x");
            String e = id("e");
            body.add(Node.stmt("int " + sum + " = xs.length;"));
            Block loop = new Block();
            loop.add(Node.pinned("step();"));
            loop.add(Node.stmt(sum + " += await(v(", tag("a"), ", " + e + "));"));
            body.add(Node.stmt("for (int " + e + " : xs) ", loop));
            declare(sum, Ty.INT, true);
            statements(body, 2 + r.nextInt(4), 0);
            body.add(Node.stmt("return Future.ready(" + sum + " + ", expr(Ty.INT, 2), ");"));
        }
        close();
        return new Node(Node.Kind.METHOD, "\n@Async\n" + cur.header(), body, "\n");
    }

    // ------------------------------------------------------------------------------------------
    // Statements
    // ------------------------------------------------------------------------------------------

    private void statements(Block b, int n, int depth) {
        for (int i = 0; i < n && budget > 0; i++) {
            budget--;
            statement(b, depth);
        }
    }

    /** A block in its own scope. */
    private Block block(int n, int depth) {
        Block b = new Block();
        open();
        statements(b, n, depth);
        close();
        return b;
    }

    private void statement(Block b, int depth) {
        if (patterns && chance(depth >= 3 ? 2 : 6)) {
            patternStatement(b, depth);
            return;
        }
        int roll = r.nextInt(depth >= 3 ? 40 : 100);
        if (roll < 12) {
            declaration(b);
        } else if (roll < 22) {
            b.add(Node.stmt("log(", tag("L"), " + ", anyScalar(3), ");"));
        } else if (roll < 32) {
            assignment(b);
        } else if (roll < 36) {
            awaitStatement(b);
        } else if (roll < 40) {
            guardedJump(b);
        } else if (roll < 48) {
            ifStatement(b, depth);
        } else if (roll < 62) {
            loop(b, depth);
        } else if (roll < 74) {
            switchStatement(b, depth);
        } else if (roll < 86 && !inSwitchExpression()) {
            // javac 17 crashes (Gen.visitVarDef assertion) on some try statements inside switch
            // expressions; the fuzzer tests jawait, not javac, so it does not generate them.
            tryStatement(b, depth);
        } else if (roll < 90) {
            labelledBlock(b, depth);
        } else if (roll < 94) {
            feature("nested block scope");
            b.add(Node.stmt(block(2, depth + 1)));
        } else if (roll < 97) {
            int kind = r.nextInt(10);
            if (kind < 4) {
                lambdaCapture(b);
            } else if (kind < 8) {
                anonymousCapture(b);
            } else if (kind == 8) {
                int which = r.nextInt(3);
                if (which == 0) {
                    localRecord(b);
                } else if (which == 1) {
                    methodReferences(b);
                } else {
                    innerInstance(b);
                }
            } else {
                synchronizedBlock(b, depth);
            }
        } else {
            deferredInit(b);
        }
    }

    private void declaration(Block b) {
        if (cur.kind == Method.GENERIC && chance(20)) {
            String name = localName();
            feature("local T of a generic @Async method");
            b.add(Node.stmt("T " + name + " = ", expr(Ty.TVAR, 2), ";"));
            declare(name, Ty.TVAR, true);
            return;
        }
        if (chance(8)) {
            String name = localName();
            feature("local Object");
            b.add(Node.stmt("Object " + name + " = ", expr(Ty.OBJECT, 3), ";"));
            declare(name, Ty.OBJECT, true);
            return;
        }
        if (chance(5)) {
            String name = localName();
            feature("local holding the instance");
            String init = cur.instance && r.nextBoolean() ? "this" : r.nextBoolean() ? "it" : "oo(" + tag("o") + ", it)";
            b.add(Node.stmt("var " + name + " = " + init + ";"));
            declare(name, Ty.SELF, false);
            return;
        }
        int roll = r.nextInt(100);
        if (roll < 55) {
            Ty t = Ty.SCALARS[r.nextInt(Ty.SCALARS.length)];
            String name = localName(); // before the initialiser, whose blocks must not reuse it
            Node init = expr(t, 3);
            boolean fin = chance(10);
            feature("local " + t.src);
            b.add(Node.stmt(fin ? "final " : "", t.src + " " + name + " = ", init, ";"));
            declare(name, t, !fin);
        } else if (roll < 63) {
            String name = localName();
            feature("var local");
            if (canAwait() && chance(30)) {
                // its type is inferred from the await (hoisted, or a local of one state when it
                // is read only before the next await)
                Ty t = r.nextBoolean() ? Ty.INT : Ty.STRING;
                feature("var local declared by an await");
                b.add(Node.stmt("var " + name + " = ", awaitOf(t, 2), ";"));
                declare(name, t, true);
            } else if (chance(45)) {
                varOfExpression(b, name);
            } else if (chance(40)) {
                varOfReferenceType(b, name);
            } else if (r.nextBoolean()) {
                b.add(Node.stmt("var " + name + " = " + r.nextInt(9) + ";"));
                declare(name, Ty.INT, true);
            } else {
                b.add(Node.stmt("var " + name + " = \"v" + r.nextInt(9) + "\";"));
                declare(name, Ty.STRING, true);
            }
        } else if (roll < 75) {
            String name = localName();
            feature("local int[]");
            int shape = r.nextInt(3);
            if (shape == 0) {
                b.add(Node.stmt("int[] " + name + " = {", expr(Ty.INT, 2), ", ", expr(Ty.INT, 2), ", ",
                        expr(Ty.INT, 2), "};"));
            } else if (shape == 1) {
                // rows given by nested initializers, bare and with 'new int[]', one of them taken
                feature("nested array initializer");
                String rows = id("g");
                b.add(Node.stmt("int[][] " + rows + " = {{", expr(Ty.INT, 2), ", ", expr(Ty.INT, 2), ", ",
                        expr(Ty.INT, 2), "}, new int[] {", expr(Ty.INT, 2), ", ", expr(Ty.INT, 2), ", ",
                        expr(Ty.INT, 2), "}};"));
                b.add(Node.stmt("int[] " + name + " = " + rows + "[" + r.nextInt(2) + "];"));
            } else {
                b.add(Node.stmt("int[] " + name + " = new int[] {", expr(Ty.INT, 2), ", ", expr(Ty.INT, 2),
                        ", ", expr(Ty.INT, 2), ", 4};"));
            }
            declare(name, Ty.INT_ARR, true);
        } else if (roll < 84) {
            String name = localName();
            feature("local List");
            b.add(Node.stmt("List<Integer> " + name + " = new ArrayList<>(List.of(", expr(Ty.INT, 2), ", ",
                    expr(Ty.INT, 2), "));"));
            declare(name, Ty.LIST, true);
        } else if (roll < 92) {
            String name = localName();
            feature("object creation");
            b.add(Node.stmt("Box " + name + " = new Box(", expr(Ty.INT, 2), ", ", expr(Ty.STRING, 2), ");"));
            declare(name, Ty.BOX, true);
        } else {
            String name = localName();
            b.add(Node.stmt("StringBuilder " + name + " = new StringBuilder(", expr(Ty.STRING, 2), ");"));
            declare(name, Ty.SB, true);
        }
    }

    /** The types whose generated expressions have exactly that type, as a {@code var} infers it. */
    private static final Ty[] VAR_TYPES = {Ty.INT, Ty.LONG, Ty.BOOLEAN, Ty.STRING, Ty.CHAR, Ty.DOUBLE, Ty.INTEGER,
        Ty.EN, Ty.BYTE, Ty.SHORT, Ty.FLOAT};

    /**
     * {@code var x = <expression>}: its type is whatever javac infers from an initializer that
     * may await, call, branch or switch, which the processor must recover exactly when the local
     * becomes a field (sometimes {@code final}).
     */
    private void varOfExpression(Block b, String name) {
        Ty t = VAR_TYPES[r.nextInt(VAR_TYPES.length)];
        Node init = expr(t, 3);
        if (init.toString().contains("(switch (")) {
            // A switch expression with a poly result (a generic call) has no standalone type
            // for 'var' to infer, nor has an expression around one: a cast gives it its target.
            init = Node.expr(t.zero, "(" + t.src + ") ", init);
        }
        boolean fin = chance(15);
        feature("var local of an expression");
        b.add(Node.stmt(fin ? "final var " : "var ", name + " = ", init, ";"));
        // A generic call makes the initializer a box (Character for char): a compound assignment
        // would then need a narrowing that boxes do not have, so small types are never written.
        boolean small = t == Ty.BYTE || t == Ty.SHORT || t == Ty.CHAR;
        declare(name, t, !fin && !small);
    }

    /**
     * {@code var} locals of reference types: a {@code var} of {@code new ArrayList<Integer>(..)} is an
     * {@code ArrayList<Integer>}, not a {@code List<Integer>}, so it is read as a list but never
     * assigned one.
     */
    private void varOfReferenceType(Block b, String name) {
        feature("var local of a reference type");
        int roll = r.nextInt(4);
        if (roll == 0) {
            b.add(Node.stmt("var " + name + " = new ArrayList<Integer>(List.of(", expr(Ty.INT, 2), ", ",
                    expr(Ty.INT, 2), "));"));
            declare(name, Ty.LIST, false);
        } else if (roll == 1) {
            b.add(Node.stmt("var " + name + " = new Box(", expr(Ty.INT, 2), ", ", expr(Ty.STRING, 2), ");"));
            declare(name, Ty.BOX, true);
        } else if (roll == 2) {
            b.add(Node.stmt("var " + name + " = new int[] {", expr(Ty.INT, 2), ", ", expr(Ty.INT, 2), "};"));
            declare(name, Ty.INT_ARR, true);
        } else {
            b.add(Node.stmt("var " + name + " = new StringBuilder(", expr(Ty.STRING, 2), ");"));
            declare(name, Ty.SB, true);
        }
    }

    /** {@code int x; if (c) { x = a; } else { x = b; }}: definite assignment through both branches. */
    private void deferredInit(Block b) {
        Ty t = r.nextBoolean() ? Ty.INT : Ty.STRING;
        String name = localName();
        feature("definite assignment");
        b.add(Node.stmt(t.src + " " + name + ";"));
        b.add(Node.stmt("if (", expr(Ty.BOOLEAN, 2), ") {\n  " + name + " = ", expr(t, 2), ";\n} else {\n  "
                + name + " = ", expr(t, 2), ";\n}"));
        declare(name, t, true);
    }

    private void assignment(Block b) {
        if (chance(25)) {
            fieldAssignment(b);
            return;
        }
        if (chance(10)) {
            Ty t = cur.kind == Method.GENERIC && r.nextBoolean() ? Ty.TVAR : Ty.OBJECT;
            List<Var> vs = vars(t, true);
            if (!vs.isEmpty()) {
                feature("assignment");
                b.add(Node.stmt(pick(vs).name + " = ", expr(t, 3), ";"));
                return;
            }
        }
        int roll = r.nextInt(100);
        if (roll < 40) {
            Ty t = Ty.SCALARS[r.nextInt(Ty.SCALARS.length)];
            List<Var> vs = vars(t, true);
            if (vs.isEmpty()) {
                b.add(Node.stmt("log(", tag("L"), " + ", expr(t, 3), ");"));
                return;
            }
            Var v = pick(vs);
            int how = r.nextInt(4);
            if (how == 0 || t == Ty.BOOLEAN || t == Ty.EN || t == Ty.INTEGER) {
                feature("assignment");
                b.add(Node.stmt(v.name + " = ", expr(t, 3), ";"));
            } else if (how == 1 && t != Ty.STRING) {
                feature("++/-- on local");
                b.add(Node.stmt(r.nextBoolean() ? v.name + "++;" : "--" + v.name + ";"));
            } else {
                feature("compound assignment " + t.src);
                String op = t == Ty.STRING ? "+=" : pick(List.of("+=", "-=", "*=", "+="));
                b.add(Node.stmt(v.name + " " + op + " ", expr(t == Ty.STRING ? Ty.STRING : Ty.INT, 3), ";"));
            }
        } else if (roll < 60) {
            List<Var> arrs = vars(Ty.INT_ARR, false);
            if (arrs.isEmpty()) {
                b.add(Node.stmt("sf += ", expr(Ty.INT, 3), ";"));
                feature("compound assignment to static field");
                return;
            }
            Var a = pick(arrs);
            Node index = index();
            int how = r.nextInt(3);
            if (how == 0) {
                feature("array store");
                b.add(Node.stmt(a.name + "[", index, "] = ", expr(Ty.INT, 3), ";"));
            } else if (how == 1) {
                feature("compound assignment to array element");
                b.add(Node.stmt("arr(", tag("r"), ", " + a.name + ")[", index, "] += ", expr(Ty.INT, 3), ";"));
            } else {
                feature("++/-- on array element");
                b.add(Node.stmt(a.name + "[", index, "]" + (r.nextBoolean() ? "++" : "--") + ";"));
            }
        } else if (roll < 75) {
            List<Var> boxes = vars(Ty.BOX, false);
            if (boxes.isEmpty()) {
                b.add(Node.stmt("ss += ", expr(Ty.STRING, 3), ";"));
                feature("String += on static field");
                return;
            }
            Var x = pick(boxes);
            if (r.nextBoolean()) {
                feature("field store");
                b.add(Node.stmt(x.name + ".self(", tag("f"), ").f = ", expr(Ty.INT, 3), ";"));
            } else {
                feature("compound assignment to field");
                b.add(Node.stmt(x.name + ".self(", tag("f"), ").s += ", expr(Ty.STRING, 3), ";"));
            }
        } else if (roll < 87) {
            List<Var> lists = vars(Ty.LIST, false);
            if (lists.isEmpty()) {
                b.add(Node.stmt("sf = ", expr(Ty.INT, 3), ";"));
                return;
            }
            b.add(Node.stmt(pick(lists).name + ".add(", expr(Ty.INT, 3), ");"));
        } else {
            List<Var> sbs = vars(Ty.SB, false);
            if (sbs.isEmpty()) {
                b.add(Node.stmt("log(", tag("L"), " + ", expr(Ty.STRING, 3), ");"));
                return;
            }
            b.add(Node.stmt(pick(sbs).name + ".append(", expr(Ty.STRING, 3), ");"));
        }
    }

    // ------------------------------------------------------------------------------------------
    // Instance fields
    // ------------------------------------------------------------------------------------------

    /** How the current method names field {@code f}: bare, {@code this.f}, {@code it.f} or through a local instance. */
    private String fieldRef(Field f) {
        if (f.priv) {
            feature("private instance field");
        }
        int roll = r.nextInt(100);
        if (cur.instance && roll < 35) {
            feature("instance field by bare name");
            return f.name;
        }
        if (cur.instance && roll < 65) {
            feature("instance field as this.f");
            return "this." + f.name;
        }
        List<Var> selves = vars(Ty.SELF, false);
        if (!selves.isEmpty() && roll < 85) {
            feature("instance field through a local instance");
            return pick(selves).name + "." + f.name;
        }
        feature("instance field through it");
        return "it." + f.name;
    }

    /**
     * A read of private field {@code f} on the run's instance reached as a value whose class only
     * javac knows (the processor asks it, or reads the conditional): an implicitly typed lambda
     * parameter, or a conditional with a {@code null} branch.
     */
    private String readOnUntypedValue(Field f) {
        String self = cur.instance && chance(50) ? "this" : "it";
        if (f.ty == Ty.INT && chance(40)) {
            return privateCallOnUntypedValue(self);
        }
        if (chance(50)) {
            feature("private field read on a lambda's inferred parameter");
            return "Optional.of(" + self + ").map(self_ -> self_." + f.name + ").get()";
        }
        feature("private field read on a conditional with a null branch");
        return "(" + self + " != null ? " + self + " : null)." + f.name;
    }

    /**
     * A call of the class's private method {@code pm} (which reads private field {@code pi}) on
     * the run's instance reached as a value whose class only javac knows, as in
     * {@link #readOnUntypedValue}: the machine calls it through a method handle.
     */
    private String privateCallOnUntypedValue(String self) {
        int k = r.nextInt(7);
        if (chance(50)) {
            feature("private method call on a lambda's inferred parameter");
            return "Optional.of(" + self + ").map(self_ -> self_.pm(" + k + ")).get()";
        }
        feature("private method call on a conditional with a null branch");
        return "(" + self + " != null ? " + self + " : null).pm(" + k + ")";
    }

    /** A field of type {@code t}, or null if the class has none. */
    private Field field(Ty t) {
        List<Field> fs = new ArrayList<>();
        for (Field f : Field.values()) {
            if (f.ty == t) {
                fs.add(f);
            }
        }
        return fs.isEmpty() ? null : pick(fs);
    }

    /** A store, compound assignment or increment of an instance field (the operands may await). */
    private void fieldAssignment(Block b) {
        Field f = Field.values()[r.nextInt(Field.values().length)];
        String ref = fieldRef(f);
        switch (f.ty) {
            case INT_ARR: {
                feature("instance array field element store");
                int how = r.nextInt(3);
                if (how == 2) {
                    b.add(Node.stmt(ref + "[", index(), "]" + (r.nextBoolean() ? "++" : "--") + ";"));
                } else {
                    b.add(Node.stmt(ref + "[", index(), "] " + (how == 0 ? "=" : "+=") + " ", expr(Ty.INT, 3), ";"));
                }
                return;
            }
            case BOX: {
                int how = r.nextInt(3);
                feature("instance field assignment");
                if (how == 0) {
                    b.add(Node.stmt(ref + ".f = ", expr(Ty.INT, 3), ";"));
                } else if (how == 1) {
                    b.add(Node.stmt(ref + ".s += ", expr(Ty.STRING, 3), ";"));
                } else {
                    b.add(Node.stmt(ref + " = new Box(", expr(Ty.INT, 2), ", ", expr(Ty.STRING, 2), ");"));
                }
                return;
            }
            case OBJECT:
                feature("instance field assignment");
                b.add(Node.stmt(ref + " = ", expr(Ty.OBJECT, 3), ";"));
                return;
            case STRING:
                if (r.nextBoolean()) {
                    feature("instance field assignment");
                    b.add(Node.stmt(ref + " = ", expr(Ty.STRING, 3), ";"));
                } else {
                    feature("instance field compound assignment");
                    b.add(Node.stmt(ref + " += ", anyScalar(3), ";"));
                }
                return;
            default: {
                int how = r.nextInt(3);
                if (how == 0) {
                    feature("instance field assignment");
                    b.add(Node.stmt(ref + " = ", expr(f.ty, 3), ";"));
                } else if (how == 1) {
                    feature("instance field ++/--");
                    b.add(Node.stmt(pick(List.of(ref + "++;", ref + "--;", "++" + ref + ";", "--" + ref + ";"))));
                } else {
                    feature(f.ty == Ty.INT || f.ty == Ty.LONG ? "instance field compound assignment"
                            : "instance field narrowing compound assignment");
                    b.add(Node.stmt(ref + " " + pick(List.of("+=", "-=", "*=", "+=")) + " ", expr(Ty.INT, 3), ";"));
                }
            }
        }
    }

    private Node index() {
        if (chance(10)) {
            return expr(Ty.INT, 2); // may be out of bounds: a deterministic exception
        }
        return Node.expr("0", "(", expr(Ty.INT, 2), ") & 1");
    }

    private void awaitStatement(Block b) {
        if (!canAwait()) {
            b.add(Node.stmt("log(", tag("L"), ");"));
            return;
        }
        Node special = chance(25) ? (r.nextBoolean() ? genericAwait(Ty.SCALARS[r.nextInt(Ty.SCALARS.length)], 2)
                : varargsAwait(2)) : null;
        if (special != null) {
            feature("await as statement");
            b.add(Node.stmt("if (d > 0) {\n  ", special, ";\n}"));
        } else if (method < methodCount && (method + 1 < methodCount || chance(30))) {
            int target = method + r.nextInt(methodCount - method);
            feature(target == method ? "recursion" : "await another @Async method");
            mayThrowChecked = true;
            b.add(Node.stmt("if (d > 0) {\n  await(" + receiver(methods.get(target)) + "m" + target + "(d - 1, ",
                    expr(Ty.INT, 2), "));\n}"));
        } else {
            feature("await as statement");
            b.add(Node.stmt("await(v(", tag("a"), ", ", anyScalar(2), "));"));
        }
    }

    /** A jump, return or throw, guarded by an if so that what follows stays reachable. */
    private void guardedJump(Block b) {
        List<Node> options = new ArrayList<>();
        List<String> features = new ArrayList<>();
        boolean barrier = false;
        Target innermostBreakable = null;
        Target innermostLoop = null;
        for (int i = targets.size() - 1; i >= 0; i--) {
            Target t = targets.get(i);
            if (t.kind == '|') {
                barrier = true;
                break;
            }
            if (innermostBreakable == null && (t.kind == 'L' || t.kind == 'S')) {
                innermostBreakable = t;
            }
            if (innermostLoop == null && t.kind == 'L') {
                innermostLoop = t;
            }
            if (t.label != null) {
                options.add(Node.stmt("break " + t.label + ";"));
                features.add("labelled break");
                if (t.kind == 'L') {
                    options.add(Node.stmt("continue " + t.label + ";"));
                    features.add("labelled continue");
                }
            }
        }
        if (innermostBreakable != null) {
            options.add(Node.stmt("break;"));
            features.add("break");
        }
        if (innermostLoop != null) {
            options.add(Node.stmt("continue;"));
            features.add("continue");
        }
        if (!barrier) {
            options.add(null); // generated only if chosen: its expression may set mayThrowChecked
            features.add("return from nested statement");
        }
        options.add(Node.stmt("throw new FxUnchecked(", tag("t"), ");"));
        features.add("throw unchecked");
        options.add(Node.stmt("throw new FxChecked(", tag("t"), ");"));
        features.add("throw checked");
        CatchParam rethrown = catchParams.isEmpty() ? null : pick(catchParams);
        if (rethrown != null) {
            options.add(Node.stmt("throw " + rethrown.name + ";"));
            features.add("rethrow catch parameter");
        }
        int i = r.nextInt(options.size());
        if (features.get(i).equals("throw checked") || (features.get(i).startsWith("rethrow") && rethrown.checked)) {
            mayThrowChecked = true;
        }
        feature(features.get(i));
        Block then = new Block();
        then.add(options.get(i) != null ? options.get(i)
                : Node.stmt("return Future.ready(", expr(cur.ret, 2), ");"));
        b.add(Node.stmt("if (", expr(Ty.BOOLEAN, 2), ") ", then));
    }

    private void ifStatement(Block b, int depth) {
        Node cond = expr(Ty.BOOLEAN, 3);
        Block then = block(1 + r.nextInt(3), depth + 1);
        if (r.nextBoolean()) {
            feature("if-else");
            b.add(Node.stmt("if (", cond, ") ", then, " else ", block(1 + r.nextInt(3), depth + 1)));
        } else {
            feature("if");
            b.add(Node.stmt("if (", cond, ") ", then));
        }
    }

    private String maybeLabel() {
        return chance(40) ? id("L") : null;
    }

    private Block loopBody(String label, String counterUpdate, int depth) {
        targets.add(new Target(label, 'L'));
        loopDepth++;
        Block body = new Block();
        open();
        body.add(Node.pinned("step();"));
        if (counterUpdate != null) {
            body.add(Node.pinned(counterUpdate));
        }
        statements(body, 1 + r.nextInt(3), depth + 1);
        if (chance(50)) {
            guardedJump(body);
        }
        if (chance(40)) {
            statements(body, 1, depth + 1);
        }
        close();
        loopDepth--;
        targets.remove(targets.size() - 1);
        return body;
    }

    private void loop(Block b, int depth) {
        String label = maybeLabel();
        String prefix = label == null ? "" : label + ": ";
        int n = 1 + r.nextInt(3);
        int kind = r.nextInt(5);
        if (kind == 0) {
            feature("for");
            String i = id("i");
            Node init = chance(30) ? Node.expr("0", "(", expr(Ty.INT, 1), ") & 1") : Node.leaf("0");
            open();
            declare(i, Ty.INT, false);
            Node bound = canAwait() && chance(30) ? Node.expr("0", "await(v(", tag("a"), ", " + n + "))") : Node.leaf("" + n);
            Block body = loopBody(label, null, depth);
            close();
            String type = chance(25) ? "var" : "int";
            if (type.equals("var")) {
                feature("for (var i = ...)");
                if (init.toString().contains("(switch (")) {
                    // javac infers no type for a 'var' around a switch expression whose block
                    // declares an array by an initializer ("array initializer needs an explicit
                    // target-type", seed 20262801): the cast gives the switch its target.
                    init = Node.expr("0", "(int) ", init);
                }
            }
            b.add(Node.stmt(prefix + "for (" + type + " " + i + " = ", init, "; " + i + " < ", bound, "; " + i + "++) ",
                    body));
        } else if (kind == 1) {
            feature("while");
            String w = id("w");
            b.add(Node.pinned("int " + w + " = 0;"));
            Node cond = canAwait() && chance(40)
                    ? Node.expr("false", "await(v(", tag("a"), ", " + w + " < " + n + "))")
                    : Node.leaf(w + " < " + n);
            Block body = loopBody(label, w + "++;", depth);
            b.add(Node.stmt(prefix + "while (", cond, ") ", body));
        } else if (kind == 2) {
            feature("do-while");
            String w = id("w");
            b.add(Node.pinned("int " + w + " = 0;"));
            Block body = loopBody(label, w + "++;", depth);
            Node cond = canAwait() && chance(40)
                    ? Node.expr("false", "await(v(", tag("a"), ", " + w + " < " + n + "))")
                    : Node.leaf(w + " < " + n);
            b.add(Node.stmt(prefix + "do ", body, " while (", cond, ");"));
        } else if (kind == 3) {
            feature("enhanced for over array");
            String e = id("e");
            List<Var> arrs = vars(Ty.INT_ARR, false);
            Node array = !arrs.isEmpty() && r.nextBoolean() ? Node.leaf(pick(arrs).name)
                    : Node.expr("new int[0]", "new int[] {", expr(Ty.INT, 1), ", ", expr(Ty.INT, 1), "}");
            open();
            declare(e, Ty.INT, false);
            Block body = loopBody(label, null, depth);
            close();
            String type = chance(25) ? "var" : "int";
            if (type.equals("var")) {
                feature("for (var e : array)");
            }
            b.add(Node.stmt(prefix + "for (" + type + " " + e + " : ", array, ") ", body));
        } else {
            feature("enhanced for over List");
            String e = id("e");
            List<Var> lists = vars(Ty.LIST, false);
            Node list = !lists.isEmpty() && r.nextBoolean()
                    ? Node.leaf("new ArrayList<>(" + pick(lists).name + ")") // a copy: the body may add to it
                    : Node.expr("List.of()", "List.of(", expr(Ty.INT, 1), ", ", expr(Ty.INT, 1), ")");
            open();
            declare(e, Ty.INTEGER, false);
            Block body = loopBody(label, null, depth);
            close();
            String type = chance(25) ? "var" : "Integer";
            if (type.equals("var")) {
                feature("for (var e : List)");
            }
            b.add(Node.stmt(prefix + "for (" + type + " " + e + " : ", list, ") ", body));
        }
        if (label != null) {
            feature("labelled loop");
        }
    }

    private void labelledBlock(Block b, int depth) {
        String label = id("B");
        feature("labelled block");
        targets.add(new Target(label, 'B'));
        Block body = new Block();
        open();
        statements(body, 1, depth + 1);
        Block then = new Block();
        then.add(Node.stmt("break " + label + ";"));
        body.add(Node.stmt("if (", expr(Ty.BOOLEAN, 2), ") ", then));
        statements(body, 1 + r.nextInt(2), depth + 1);
        close();
        targets.remove(targets.size() - 1);
        b.add(Node.stmt(label + ": ", body));
    }

    /** Effectively-final locals captured by a lambda across an await (a fresh one per iteration). */
    private void lambdaCapture(Block b) {
        feature("lambda capturing locals");
        String c = id("c");
        String run = id("run");
        runAcrossAwait(b, c, run, "() -> log(\"captured \" + " + c + ")");
    }

    /**
     * A local record (a member class of the machine when its uses span an await), created from
     * operands that may await and read after an await, its own method included.
     */
    private void localRecord(Block b) {
        feature("local record");
        String rec = id("R");
        String v = id("r");
        Block inner = new Block();
        inner.add(Node.stmt("record " + rec + "(int a, String s) { int twice() { return a * 2; } }"));
        inner.add(Node.stmt(rec + " " + v + " = new " + rec + "(", expr(Ty.INT, 2), ", ", expr(Ty.STRING, 2), ");"));
        inner.add(awaitOrLog());
        inner.add(Node.stmt("log(\"rec \" + " + v + " + \" \" + " + v + ".twice() + " + v + ".s());"));
        b.add(Node.stmt(inner));
    }

    /**
     * A bound method reference to a local that lives across an await (the machine evaluates the
     * receiver once, when the reference is created, as JLS 15.13.3 says) and a static one applied
     * to an await.
     */
    private void methodReferences(Block b) {
        feature("method reference capturing a local");
        String c = id("c");
        String ref = id("ref");
        String op = id("op");
        Block inner = new Block();
        inner.add(Node.stmt("StringBuilder " + c + " = new StringBuilder(", expr(Ty.STRING, 2), ");"));
        inner.add(Node.stmt("java.util.function.Supplier<String> " + ref + " = " + c + "::toString;"));
        inner.add(Node.stmt("java.util.function.IntBinaryOperator " + op + " = Math::max;"));
        inner.add(awaitOrLog());
        inner.add(Node.stmt(c + ".append((int) (", expr(Ty.INT, 2), "));")); // a generic call's T would be ambiguous
        inner.add(Node.stmt("log(\"ref \" + " + ref + ".get() + \" \" + " + op + ".applyAsInt(", expr(Ty.INT, 2), ", ",
                expr(Ty.INT, 2), "));"));
        b.add(Node.stmt(inner));
    }

    /**
     * An instance of the program's inner class {@code In} used across an await, made with this
     * method's {@code this} as its outer instance ({@code new In(..)}, in an instance method) or
     * with the run's ({@code it.new In(..)}); its methods read the outer instance's field {@code fi}
     * by name and as {@code P.this.fi}.
     */
    private void innerInstance(Block b) {
        feature("inner class instance");
        String v = id("in");
        boolean ownThis = cur.instance && r.nextBoolean();
        if (ownThis) {
            feature("inner class instance of this");
        }
        Block inner = new Block();
        inner.add(Node.stmt("In " + v + " = " + (ownThis ? "new In(" : "it.new In("), expr(Ty.INT, 2), ");"));
        inner.add(awaitOrLog());
        inner.add(Node.stmt("log(\"in \" + " + v + ".g(", expr(Ty.INT, 2), ") + \" \" + " + v + ".outer());"));
        b.add(Node.stmt(inner));
    }

    /**
     * A {@code synchronized} block between awaits (an await inside one is an error), which may
     * jump out of itself, throw or return.
     */
    private void synchronizedBlock(Block b, int depth) {
        feature("synchronized block");
        noAwait++;
        Block body = block(1 + r.nextInt(2), depth + 1);
        noAwait--;
        b.add(Node.stmt("synchronized (it) ", body));
    }

    /**
     * The same with an anonymous class, whose body also reads and updates an instance field of
     * the program's class (private or not), by bare name in an instance method or through
     * {@code it}: the machine prints the class body inside itself, where the user's class and its
     * private members are another class's.
     */
    private void anonymousCapture(Block b) {
        feature("anonymous class capturing locals");
        String c = id("c");
        String run = id("run");
        Field f = chance(50) ? Field.PI : Field.FI;
        String ref = (cur.instance && chance(50) ? "" : "it.") + f.name;
        // Drawn after f and ref, which this variant does not use: in this order the seeds run
        // since it came (fuzzer/README.md, session 16) still give the same programs.
        if (chance(35)) {
            runAcrossAwait(b, c, run, classBodyFieldRunnable(c));
            return;
        }
        if (f.priv) {
            feature("private instance field in a class body");
        }
        runAcrossAwait(b, c, run, "new Runnable() { @Override public void run() { log(\"anon \" + " + c + " + \" \" + "
                + ref + "); " + ref + " += " + c + "; } }");
    }

    /**
     * An anonymous class whose body keeps the run's instance in a field of its own and reaches the
     * private members through it: the processor must type the class body's field by its
     * declaration, also when it hides the program's field {@code fb} of another type.
     */
    private String classBodyFieldRunnable(String c) {
        feature("private instance field in a class body"); // pi, and private method pm
        String field = chance(50) ? "fb" : "self_";
        if (field.equals("fb")) {
            feature("class body field hiding an outer field of another type");
        } else {
            feature("class body field holding the instance");
        }
        String init = cur.instance && chance(50) ? Program.SELF + ".this" : "it";
        return "new Runnable() { " + Program.SELF + " " + field + " = " + init + "; @Override public void run() { "
                + "log(\"anon \" + " + c + " + \" \" + " + field + ".pm(" + c + ") + \" \" + " + field + ".pi); "
                + field + ".pi += " + c + "; } }";
    }

    /**
     * A block of its own: {@code final int c = ...}, {@code Runnable run = runnable}, an await
     * (or a log where none may be), then {@code run.run()}.
     */
    /** {@code await(v(.., 0));} where an await may go, else a log line: the point a capture spans. */
    private Node awaitOrLog() {
        return canAwait() ? Node.stmt("await(v(", tag("a"), ", 0));") : Node.stmt("log(", tag("L"), ");");
    }

    private void runAcrossAwait(Block b, String c, String run, String runnable) {
        Block inner = new Block();
        inner.add(Node.stmt("final int " + c + " = ", expr(Ty.INT, 2), ";"));
        inner.add(Node.stmt("Runnable " + run + " = " + runnable + ";"));
        inner.add(awaitOrLog());
        inner.add(Node.stmt(run + ".run();"));
        b.add(Node.stmt(inner));
    }

    // ------------------------------------------------------------------------------------------
    // Pattern instanceof (Java 16)
    // ------------------------------------------------------------------------------------------

    private static final List<String> PATTERN_TYPES = List.of("String", "Integer", "Box", "En", "Number");

    /** The generator's type for a binding of pattern type {@code type}; null for {@code Number} (not tracked). */
    private static Ty bindingType(String type) {
        switch (type) {
            case "String": return Ty.STRING;
            case "Integer": return Ty.INTEGER;
            case "Box": return Ty.BOX;
            case "En": return Ty.EN;
            default: return null;
        }
    }

    /** An {@code int} read of binding {@code b} of pattern type {@code type}. */
    private static String intUse(String type, String b) {
        switch (type) {
            case "String": return b + ".length()";
            case "Integer": return b;
            case "Box": return b + ".f";
            case "En": return b + ".ordinal()";
            default: return b + ".intValue()";
        }
    }

    /** Declares binding {@code b} in the innermost scope, so that generated code may use it. */
    private void declareBinding(String type, String b) {
        Ty t = bindingType(type);
        if (t != null) {
            declare(b, t, false);
        }
    }

    /** A value of static type {@code Object} to match: a local, the field {@code fo}, an await, a logged call. */
    private Node patternSubject(int depth) {
        List<Var> objs = vars(Ty.OBJECT, false);
        int roll = r.nextInt(100);
        if (!objs.isEmpty() && roll < 45) {
            return Node.leaf(pick(objs).name);
        }
        if (roll < 60) {
            return Node.leaf(fieldRef(Field.FO));
        }
        if (canAwait() && roll < 85) {
            feature("await in pattern instanceof subject");
            return Node.expr(Ty.OBJECT.zero, "await(v(", tag("a"), ", ", expr(Ty.OBJECT, depth - 1), "))");
        }
        return Node.expr(Ty.OBJECT.zero, "oo(", tag("o"), ", ", expr(Ty.OBJECT, depth - 1), ")");
    }

    /** A condition on binding {@code b} (in scope when this is called), often awaiting. */
    private Node patternGuard(String type, String b, int depth) {
        String use = intUse(type, b);
        int roll = r.nextInt(100);
        if (canAwait() && roll < 45) {
            feature("await in a condition using a pattern binding");
            return Node.expr("false", "(await(v(", tag("a"), ", ", expr(Ty.INT, depth - 1), ")) > " + use + ")");
        }
        if (roll < 75) {
            return Node.expr("false", "(" + use + " <= ", expr(Ty.INT, depth - 1), ")");
        }
        return Node.expr("false", "(", expr(Ty.BOOLEAN, depth - 1), " || " + use + " == 3)");
    }

    /** {@code (o instanceof T b && guard(b))}. */
    private Node patternAnd(int depth) {
        feature("pattern instanceof in && chain");
        String type = pick(PATTERN_TYPES);
        String b = id("b");
        Node subject = patternSubject(depth);
        open();
        declareBinding(type, b);
        Node guard = patternGuard(type, b, depth);
        close();
        return Node.expr("false", "(", subject, " instanceof " + type + " " + b + " && ", guard, ")");
    }

    /** {@code (o instanceof T b ? use(b) + e : e')} of type {@code int} or {@code String}. */
    private Node patternConditional(Ty t, int depth) {
        feature("pattern instanceof in ?:");
        String type = pick(PATTERN_TYPES);
        String b = id("b");
        Node subject = patternSubject(depth);
        open();
        declareBinding(type, b);
        Node operand = canAwait() && chance(50) ? Node.expr(t.zero, "await(v(", tag("a"), ", ", expr(t, depth - 1), "))")
                : expr(t, depth - 1);
        Node yes = t == Ty.INT ? Node.expr(t.zero, "(" + intUse(type, b) + " + ", operand, ")")
                : Node.expr(t.zero, "(\"\" + " + b + " + ", operand, ")");
        close();
        Node no = expr(t, depth - 1);
        Node conditional = Node.expr(t.zero, "(", subject, " instanceof " + type + " " + b + " ? ", yes, " : ", no, ")");
        // Half stand as they are, half are a method's argument (a logged identity).
        return chance(50) ? conditional : Node.expr(t.zero, (t == Ty.INT ? "oi(" : "ostr(") + tag("o") + ", ", conditional, ")");
    }

    /**
     * {@code if (o instanceof T b [&& guard]) { ...await...; use b }}, or the negated form whose
     * binding is in scope after the {@code if} because its body cannot complete normally:
     * {@code if (!(o instanceof T b) [|| guard]) { return/throw/continue } ...await(use b)...}.
     */
    private void patternStatement(Block b, int depth) {
        String type = pick(PATTERN_TYPES);
        String bind = id("b");
        String use = intUse(type, bind);
        Node subject = patternSubject(2);
        if (r.nextBoolean()) {
            feature("pattern instanceof in if");
            List<Object> parts = new ArrayList<>(List.of("if (", subject, " instanceof " + type + " " + bind));
            open();
            declareBinding(type, bind);
            if (chance(50)) {
                parts.add(" && ");
                parts.add(patternGuard(type, bind, 2));
            }
            parts.add(") ");
            Block then = new Block();
            open();
            if (canAwait()) {
                feature("pattern binding used after an await");
                then.add(Node.stmt("sf += await(v(", tag("a"), ", " + use + "));"));
            }
            statements(then, 1 + r.nextInt(2), depth + 1);
            then.add(Node.stmt("log(" + tag("L") + " + " + bind + ");"));
            close();
            close();
            parts.add(then);
            if (chance(40)) {
                parts.add(" else ");
                parts.add(block(1 + r.nextInt(2), depth + 1));
            }
            b.add(Node.stmt(parts.toArray()));
            return;
        }
        feature("pattern instanceof negated (flow scoping)");
        List<Object> parts = new ArrayList<>(List.of("if (!(", subject, " instanceof " + type + " " + bind + ")"));
        if (chance(40)) {
            open();
            declareBinding(type, bind);
            parts.add(" || ");
            parts.add(patternGuard(type, bind, 2));
            close();
        }
        parts.add(") ");
        Block then = new Block();
        then.add(abruptExit());
        parts.add(then);
        b.add(Node.stmt(parts.toArray()));
        declareBinding(type, bind); // in scope for the rest of the block
        if (canAwait()) {
            b.add(Node.stmt("sf += await(v(", tag("a"), ", " + use + "));"));
        }
        b.add(Node.stmt("log(" + tag("L") + " + " + bind + ");"));
    }

    /** A statement that cannot complete normally and is allowed here: return, throw or continue. */
    private Node abruptExit() {
        boolean barrier = inSwitchExpression();
        boolean loop = false;
        for (int i = targets.size() - 1; i >= 0 && targets.get(i).kind != '|'; i--) {
            loop |= targets.get(i).kind == 'L';
        }
        int roll = r.nextInt(3);
        if (roll == 0 && !barrier) {
            return Node.stmt("return Future.ready(", expr(cur.ret, 2), ");");
        }
        if (roll == 1 && loop) {
            return Node.stmt("continue;");
        }
        return Node.stmt("throw new FxUnchecked(", tag("t"), ");");
    }

    // ------------------------------------------------------------------------------------------
    // Switch
    // ------------------------------------------------------------------------------------------

    /** A selector type and its case constants. */
    private String[] caseConstants(Ty t) {
        if (t == Ty.INT) {
            return new String[] {"0", "1", "2", "3"};
        }
        if (t == Ty.STRING) {
            return new String[] {"\"s0\"", "\"s1\"", "\"s2\"", "\"v1\""};
        }
        return new String[] {"A", "B", "C"};
    }

    private Ty selectorType() {
        Ty[] ts = {Ty.INT, Ty.STRING, Ty.EN};
        return ts[r.nextInt(3)];
    }

    private Node selector(Ty t) {
        if (t == Ty.INT) {
            return Node.expr("0", "(", expr(Ty.INT, 2), ") & 3");
        }
        if (t == Ty.STRING && chance(50)) {
            return Node.expr("\"s0\"", "\"s\" + ((", expr(Ty.INT, 2), ") & 3)");
        }
        return expr(t, 2);
    }

    /** Picks {@code n} distinct case constants, in random order. */
    private List<String> labels(Ty t, int n) {
        List<String> all = new ArrayList<>(List.of(caseConstants(t)));
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n && !all.isEmpty(); i++) {
            out.add(all.remove(r.nextInt(all.size())));
        }
        return out;
    }

    private void switchStatement(Block b, int depth) {
        Ty t = selectorType();
        feature("switch on " + t.src);
        Node sel = selector(t);
        String label = chance(20) ? id("L") : null;
        String prefix = label == null ? "" : label + ": ";
        List<String> cases = labels(t, 1 + r.nextInt(3));
        boolean withDefault = r.nextBoolean();
        int defaultAt = withDefault ? r.nextInt(cases.size() + 1) : -1;
        targets.add(new Target(label, 'S'));
        List<Object> parts = new ArrayList<>();
        parts.add(prefix + "switch (");
        parts.add(sel);
        if (r.nextBoolean()) {
            feature("old-style switch (fall-through)");
            parts.add(") {");
            for (int i = 0; i <= cases.size(); i++) {
                String head;
                if (i == defaultAt) {
                    head = "default:";
                    if (i < cases.size()) {
                        feature("default in the middle");
                    }
                } else if (i < cases.size()) {
                    head = "case " + cases.get(i) + ":";
                } else {
                    continue;
                }
                if (i == defaultAt && i < cases.size()) {
                    head += "\ncase " + cases.get(i) + ":";
                }
                parts.add("\n" + head + " ");
                parts.add(block(1 + r.nextInt(2), depth + 1));
                if (chance(60)) {
                    parts.add("\n  break;");
                } else {
                    feature("fall-through");
                }
            }
            parts.add("\n}");
        } else {
            feature("arrow switch statement");
            parts.add(") {");
            for (int i = 0; i < cases.size(); i++) {
                parts.add("\ncase " + cases.get(i) + " -> ");
                parts.add(block(1 + r.nextInt(2), depth + 1));
            }
            if (withDefault) {
                parts.add("\ndefault -> ");
                parts.add(block(1, depth + 1));
            }
            parts.add("\n}");
        }
        targets.remove(targets.size() - 1);
        b.add(Node.stmt(parts.toArray()));
    }

    /** {@code switch} as an expression, with {@code yield} from blocks and old-style groups. */
    private Node switchExpression(Ty result, int depth) {
        Ty t = selectorType();
        feature("switch expression on " + t.src);
        enterNoAwait(true);
        Node sel = selector(t);
        List<String> cases = labels(t, 1 + r.nextInt(3));
        targets.add(new Target(null, '|'));
        List<Object> parts = new ArrayList<>();
        parts.add("(switch (");
        parts.add(sel);
        parts.add(") {");
        int savedBudget = budget;
        budget = Math.min(budget, 4);
        if (r.nextBoolean()) {
            feature("switch expression, arrow + yield");
            for (String c : cases) {
                parts.add("\ncase " + c + " -> ");
                if (chance(50)) {
                    parts.add(expr(result, depth - 1));
                    parts.add(";");
                } else {
                    parts.add(yieldBlock(result, depth));
                }
            }
            parts.add("\ndefault -> ");
            parts.add(notConstant(result, expr(result, depth - 1)));
            parts.add(";");
        } else {
            feature("switch expression, old-style + yield");
            for (String c : cases) {
                parts.add("\ncase " + c + ": ");
                if (chance(30)) {
                    parts.add("log(" + tag("fall") + ");"); // falls through to the next group
                } else {
                    parts.add(yieldBlock(result, depth));
                }
            }
            parts.add("\ndefault: ");
            parts.add(yieldBlock(result, depth, true));
        }
        parts.add("\n})");
        budget = savedBudget;
        exitNoAwait(true);
        targets.remove(targets.size() - 1);
        return Node.expr(result.zero, parts.toArray());
    }

    private Block yieldBlock(Ty result, int depth) {
        return yieldBlock(result, depth, false);
    }

    /** A block ending in {@code yield}; with {@code lastNotConstant}, see {@link #notConstant}. */
    private Block yieldBlock(Ty result, int depth, boolean lastNotConstant) {
        Block b = new Block();
        open();
        statements(b, 1 + r.nextInt(2), 3);
        if (chance(20)) {
            Block then = new Block();
            then.add(Node.stmt("yield " + yieldPrefix(result), expr(result, depth - 1), ";"));
            b.add(Node.stmt("if (", expr(Ty.BOOLEAN, 1), ") ", then));
            feature("yield from nested if");
        }
        Node last = expr(result, depth - 1);
        b.add(Node.stmt("yield " + yieldPrefix(result), lastNotConstant ? notConstant(result, last) : last, ";"));
        close();
        return b;
    }

    /**
     * The default arm's value of a {@code boolean} switch expression, passed through {@code oz}
     * so that not every arm can be a constant: javac miscompiles (unverifiable bytecode) a
     * condition built from a switch expression whose arms all yield constant {@code false} —
     * javac 17 and 25 for {@code (switch…) && (switch…)}, javac 17 for a nested one as the
     * condition of {@code ?:} (see fuzzer/README.md, "Resolved"). Not what this fuzzer tests.
     */
    private Node notConstant(Ty result, Node value) {
        return result == Ty.BOOLEAN ? Node.expr(result.zero, "oz(", tag("o"), ", ", value, ")") : value;
    }

    /**
     * {@code yield (} parses as a call of a method named {@code yield}, so a yielded expression
     * (which may start with a parenthesis, also after shrinking) gets a neutral prefix.
     */
    private static String yieldPrefix(Ty t) {
        switch (t) {
            case STRING: return "\"\" + ";
            case BOOLEAN: return "false || ";
            case LONG: return "0L + ";
            default: return "0 + ";
        }
    }

    // ------------------------------------------------------------------------------------------
    // try
    // ------------------------------------------------------------------------------------------

    private void tryStatement(Block b, int depth) {
        boolean outerChecked = mayThrowChecked;
        mayThrowChecked = false;
        List<Object> parts = new ArrayList<>();
        open(); // the resources' scope
        boolean withResources = chance(35);
        if (withResources) {
            feature("try-with-resources");
            mayThrowChecked = true; // Res.close() throws FxChecked
            if (chance(20)) {
                feature("try-with-resources on an existing variable");
                String name = id("res");
                b.add(Node.stmt("final Res " + name + " = new Res(", tag("r"), ", " + closeFailure() + ");"));
                parts.add("try (" + name + ") ");
            } else {
                int n = 1 + r.nextInt(2);
                parts.add("try (");
                for (int i = 0; i < n; i++) {
                    String name = id("res");
                    if (i > 0) {
                        parts.add("; ");
                    }
                    if (chance(10)) {
                        feature("null resource");
                        parts.add("Res " + name + " = oo(" + tag("nul") + ", (Res) null)");
                    } else if (canAwait() && chance(35)) {
                        feature("await in resource initialiser");
                        parts.add("Res " + name + " = new Res(");
                        parts.add(tag("r"));
                        parts.add(", ");
                        parts.add(Node.expr("0", "await(v(", tag("a"), ", " + closeFailure() + "))"));
                        parts.add(")");
                    } else {
                        parts.add("Res " + name + " = new Res(" + tag("r") + ", " + closeFailure() + ")");
                    }
                }
                parts.add(") ");
            }
        } else {
            parts.add("try ");
        }
        Block body = block(1 + r.nextInt(3), depth + 1);
        parts.add(body);
        close();
        boolean bodyChecked = mayThrowChecked;
        mayThrowChecked = false; // from here: what the catch and finally blocks can throw
        // Catch clauses, most specific first; FxChecked only when the body can throw it.
        List<String> clauses = new ArrayList<>();
        boolean hasFinally = false;
        switch (r.nextInt(8)) {
            case 0: clauses.add("FxUnchecked"); break;
            case 1: clauses.add("FxUnchecked | ArithmeticException"); break;
            case 2: clauses.add("RuntimeException"); break;
            case 3: clauses.add("FxUnchecked"); clauses.add("FxChecked"); break;
            case 4: clauses.add("FxChecked"); clauses.add("Exception"); break;
            case 5: clauses.add("Exception"); break;
            case 6: clauses.add("FxUnchecked"); hasFinally = true; break;
            default: hasFinally = true; break;
        }
        if (!bodyChecked) {
            clauses.remove("FxChecked");
        }
        boolean twr = parts.get(0).toString().startsWith("try (");
        if (clauses.isEmpty() && !twr) {
            hasFinally = true;
        }
        boolean checkedCaught = clauses.contains("FxChecked") || clauses.contains("Exception");
        for (String type : clauses) {
            String e = id("ex");
            feature(type.contains("|") ? "multi-catch" : "catch " + type);
            // Precise rethrow (JLS 11.2.2): a catch parameter rethrows only what the body can throw
            // and no clause to its left catches, so `catch (Exception e)` after `catch (FxChecked f)`
            // rethrows nothing checked.
            boolean carriesChecked = type.equals("FxChecked")
                    || (type.equals("Exception") && bodyChecked && !clauses.contains("FxChecked"));
            catchParams.add(new CatchParam(e, carriesChecked));
            Block cb = new Block();
            open();
            cb.add(Node.stmt("log(\"caught \" + describe(" + e + "));"));
            statements(cb, r.nextInt(3), depth + 1);
            close();
            catchParams.remove(catchParams.size() - 1);
            parts.add(" catch (" + type + " " + e + ") ");
            parts.add(cb);
        }
        if (hasFinally) {
            feature("finally");
            Block fb = new Block();
            open();
            fb.add(Node.stmt("log(" + tag("fin") + ");"));
            statements(fb, r.nextInt(3), depth + 1);
            close();
            parts.add(" finally ");
            parts.add(fb);
        }
        mayThrowChecked = outerChecked || mayThrowChecked || (bodyChecked && !checkedCaught);
        b.add(Node.stmt(parts.toArray()));
    }

    private int closeFailure() {
        int roll = r.nextInt(10);
        if (roll == 0) {
            feature("close throws unchecked");
            return 1;
        }
        if (roll == 1) {
            feature("close throws checked");
            return 2;
        }
        return 0;
    }

    // ------------------------------------------------------------------------------------------
    // Expressions
    // ------------------------------------------------------------------------------------------

    private Node anyScalar(int depth) {
        return expr(Ty.SCALARS[r.nextInt(Ty.SCALARS.length)], depth);
    }

    /** An await of a test future of type {@code t}. */
    private Node awaitOf(Ty t, int depth) {
        Node inner = expr(t, depth - 1);
        // sometimes a CompletionStage (Fx.cs: a CompletableFuture) instead of a jawait Future
        String source = chance(12) ? "cs(" : "v(";
        if (source.equals("cs(")) {
            feature("await of a CompletionStage");
        }
        if (chance(15)) {
            feature("await(f, FxChecked.class)");
            mayThrowChecked = true;
            return Node.expr(t.zero, "await(" + source, tag("a"), ", ", inner, "), FxChecked.class)");
        }
        return Node.expr(t.zero, "await(" + source, tag("a"), ", ", inner, "))");
    }

    private Node var(Ty t) {
        Field f = chance(20) ? field(t) : null;
        if (f != null) {
            Node leaf = Node.leaf(f.priv && chance(15) ? readOnUntypedValue(f) : fieldRef(f));
            leaf.fallback = t.zero;
            return leaf;
        }
        List<Var> vs = vars(t, false);
        if (vs.isEmpty()) {
            return null;
        }
        Node leaf = Node.leaf(pick(vs).name);
        leaf.fallback = t.zero; // lets the shrinker drop the use of a local
        return leaf;
    }

    /** An expression of type {@code t} (assignable to a {@code t} local). */
    Node expr(Ty t, int depth) {
        if (depth <= 0 || chance(25)) {
            Node v = chance(60) ? var(t) : null;
            return v != null ? v : literal(t);
        }
        if (canAwait() && chance(28)) {
            feature("await in " + t.src + " expression");
            return awaitOf(t, depth);
        }
        if (chance(4)) {
            Node call = t == Ty.INT && r.nextBoolean() ? varargsCall(depth) : genericCall(t, depth);
            if (call != null) {
                return call;
            }
        }
        switch (t) {
            case INT: return intExpr(depth);
            case LONG: return longExpr(depth);
            case BYTE:
            case SHORT:
                if (chance(50)) {
                    return Node.expr(t.zero, t.logged + "(", tag("o"), ", ", expr(t, depth - 1), ")");
                }
                feature("narrowing cast");
                return Node.expr(t.zero, "(" + t.src + ") (int) (", expr(Ty.INT, depth - 1), ")");
            case CHAR:
                return Node.expr(t.zero, "(char) ('a' + ((", expr(Ty.INT, depth - 1), ") & 7))");
            case BOOLEAN: return boolExpr(depth);
            case DOUBLE:
                return Node.expr(t.zero, "(", plusLeft(Ty.DOUBLE, Node.expr(t.zero, expr(Ty.DOUBLE, depth - 1), " * 0.5")),
                        " + ", expr(Ty.INT, depth - 1), ")");
            case FLOAT:
                return Node.expr(t.zero, "(", plusLeft(Ty.FLOAT, expr(Ty.FLOAT, depth - 1)), " + ",
                        expr(Ty.INT, depth - 1), ")");
            case STRING: return stringExpr(depth);
            case INTEGER:
                if (chance(20)) {
                    feature("null Integer (unboxing NPE)");
                    return Node.leaf("(Integer) null");
                }
                return Node.expr(t.zero, "(Integer) (", expr(Ty.INT, depth - 1), ")");
            case EN:
                return Node.expr(t.zero, "En.values()[(", expr(Ty.INT, depth - 1), ") & 1]");
            case OBJECT: return objectExpr(depth);
            case TVAR:
                if (chance(40)) {
                    return Node.expr(t.zero, "oo(", tag("o"), ", ", expr(Ty.TVAR, depth - 1), ")");
                }
                return Node.expr(t.zero, "(", expr(Ty.BOOLEAN, depth - 1), " ? ", expr(Ty.TVAR, depth - 1), " : ",
                        expr(Ty.TVAR, depth - 1), ")");
            default:
                throw new AssertionError(t);
        }
    }

    /**
     * An {@code Object} whose runtime type depends on the run (String, Integer, Long, Box, En or
     * null), so that a pattern {@code instanceof} on it goes both ways.
     */
    private Node objectExpr(int depth) {
        int roll = r.nextInt(100);
        if (roll < 35) {
            Node c = expr(Ty.BOOLEAN, depth - 1);
                Node yes = objectLeaf(depth);
            Node no = objectLeaf(depth);
                return Node.expr(Ty.OBJECT.zero, "(", c, " ? ", yes, " : ", no, ")");
        }
        if (roll < 50) {
            return Node.expr(Ty.OBJECT.zero, "oo(", tag("o"), ", ", expr(Ty.OBJECT, depth - 1), ")");
        }
        return objectLeaf(depth);
    }

    private Node objectLeaf(int depth) {
        int roll = r.nextInt(100);
        if (roll < 20) {
            return Node.expr(Ty.OBJECT.zero, "(Object) new Box(", expr(Ty.INT, depth - 1), ", ",
                    expr(Ty.STRING, depth - 1), ")");
        }
        if (roll < 25) {
            return Node.leaf("(Object) null");
        }
        Ty t = pick(List.of(Ty.STRING, Ty.INTEGER, Ty.INT, Ty.LONG, Ty.EN));
        return Node.expr(Ty.OBJECT.zero, "(Object) ", expr(t, depth - 1));
    }

    /**
     * The left operand of a {@code +}. Under {@link Profile#SUPPORTED} it is passed through a
     * logged identity call whose type the processor can read: it still rejects, on purpose, left
     * operands of {@code +} whose type it cannot determine (a documented limitation) — the profile
     * works around that so that campaigns reach the run-time comparison.
     */
    private Node plusLeft(Ty t, Node left) {
        if (profile != Profile.SUPPORTED) {
            return left;
        }
        String helper = t == Ty.STRING ? "ostr" : t.logged;
        return Node.expr(t.zero, "Fx." + helper + "(", tag("o"), ", ", left, ")");
    }

    private Node literal(Ty t) {
        switch (t) {
            case INT: {
                int v = r.nextInt(12) - 2;
                return Node.leaf(v < 0 ? "(" + v + ")" : Integer.toString(v)); // "(Object) -2" is a subtraction
            }
            case LONG: return Node.leaf(r.nextInt(20) + "L");
            case BYTE: return Node.leaf("(byte) " + (120 + r.nextInt(8)));
            case SHORT: return Node.leaf("(short) " + r.nextInt(40000) / 2);
            case CHAR: return Node.leaf("'" + (char) ('a' + r.nextInt(26)) + "'");
            case BOOLEAN: return Node.leaf(r.nextBoolean() ? "true" : "false");
            case DOUBLE: return Node.leaf(r.nextInt(8) + ".25");
            case FLOAT: return Node.leaf(r.nextInt(8) + ".5f");
            case STRING: return Node.leaf("\"s" + r.nextInt(4) + "\"");
            case INTEGER: return Node.leaf("Integer.valueOf(" + r.nextInt(300) + ")");
            case EN: return Node.leaf("En." + "ABC".charAt(r.nextInt(3)));
            case OBJECT: return Node.leaf(pick(List.of("(Object) \"s3\"", "(Object) Integer.valueOf(7)", "(Object) En.B")));
            case TVAR: return Node.leaf("x");
            case SELF: return Node.leaf("it");
            default: throw new AssertionError(t);
        }
    }

    private Node callAnother(Ty want, int depth) {
        List<Integer> candidates = new ArrayList<>();
        for (int j = method; j < methodCount; j++) {
            if (returnTypes[j] == want) {
                candidates.add(j);
            }
        }
        if (candidates.isEmpty() || !canAwait()) {
            return null;
        }
        int j = pick(candidates);
        feature(j == method ? "recursion" : "await another @Async method");
        mayThrowChecked = true;
        return Node.expr(want.zero, "(d > 0 ? await(" + receiver(methods.get(j)) + "m" + j + "(d - 1, ",
                expr(Ty.INT, depth - 1), ")) : ", literal(want), ")");
    }

    /** How the current method names {@code target} in a call: bare, {@code this.}, {@code it.} or a local instance. */
    private String receiver(Method target) {
        if (!target.instance) {
            return "";
        }
        List<Var> selves = vars(Ty.SELF, false);
        if (!selves.isEmpty() && chance(25)) {
            feature("instance @Async method called on a local instance");
            return pick(selves).name + ".";
        }
        if (!cur.instance) {
            feature("static @Async method awaits an instance one (it.mJ)");
            return "it.";
        }
        if (r.nextBoolean()) {
            feature("await(this.mJ(...))");
            return "this.";
        }
        feature("instance @Async method called by bare name");
        return "";
    }

    private Method methodOfKind(char kind) {
        for (Method m : methods) {
            if (m.kind == kind) {
                return m;
            }
        }
        return null;
    }

    /** {@code (d > 0 ? await(g0(d - 1, arg)) : literal)}, or null if the program has no generic method. */
    private Node genericCall(Ty t, int depth) {
        Node call = genericAwait(t, depth);
        return call == null ? null : Node.expr(t.zero, "(d > 0 ? ", call, " : ", literal(t), ")");
    }

    /** {@code (d > 0 ? await(va0(d - 1, ...)) : literal)}, or null if the program has no varargs method. */
    private Node varargsCall(int depth) {
        Node call = varargsAwait(depth);
        return call == null ? null : Node.expr("0", "(d > 0 ? ", call, " : ", literal(Ty.INT), ")");
    }

    /**
     * {@code await(g0(d - 1, arg))} at type {@code t}: the type argument is inferred from the
     * argument (and unboxed for a primitive {@code t}). To be guarded by {@code d > 0}.
     */
    private Node genericAwait(Ty t, int depth) {
        Method g = methodOfKind(Method.GENERIC);
        if (g == null || !canAwait()) {
            return null;
        }
        feature("generic @Async method awaited at " + t.src);
        mayThrowChecked = true;
        String explicit = "";
        boolean reference = t == Ty.STRING || t == Ty.INTEGER || t == Ty.EN || t == Ty.OBJECT;
        if (g.instance && reference && chance(25)) {
            // explicit type arguments need a qualifier: this.<String>g0(...), it.<String>g0(...)
            feature("generic @Async method with explicit type argument");
            explicit = (cur.instance ? "this" : "it") + ".<" + t.src + ">";
        }
        String callee = explicit.isEmpty() ? receiver(g) + g.name : explicit + g.name;
        return Node.expr(t.zero, "await(" + callee + "(d - 1, ", expr(t, depth - 1), "))");
    }

    /**
     * {@code await(va0(d - 1, a, b, ...))} with 0..3 arguments (some awaited) or an {@code int[]}
     * passed as the varargs array (the callee may write to it). To be guarded by {@code d > 0}.
     */
    private Node varargsAwait(int depth) {
        Method va = methodOfKind(Method.VARARGS);
        if (va == null || !canAwait()) {
            return null;
        }
        mayThrowChecked = true;
        List<Object> parts = new ArrayList<>();
        parts.add("await(" + receiver(va) + va.name + "(d - 1");
        List<Var> arrs = vars(Ty.INT_ARR, false);
        if (chance(15)) {
            feature("varargs @Async method passed an int[]");
            parts.add(", ");
            parts.add(!arrs.isEmpty() && r.nextBoolean() ? Node.leaf(pick(arrs).name)
                    : Node.expr("new int[0]", "new int[] {", expr(Ty.INT, depth - 1), "}"));
        } else {
            int n = r.nextInt(4);
            feature("varargs @Async method with " + n + " arguments");
            for (int i = 0; i < n; i++) {
                parts.add(", ");
                if (chance(40)) {
                    feature("awaited varargs argument");
                    parts.add(Node.expr("0", "await(v(", tag("a"), ", ", expr(Ty.INT, depth - 1), "))"));
                } else {
                    parts.add(expr(Ty.INT, depth - 1));
                }
            }
        }
        parts.add("))");
        return Node.expr("0", parts.toArray());
    }

    private Node intExpr(int depth) {
        if (patterns && chance(4)) {
            return patternConditional(Ty.INT, depth);
        }
        int roll = r.nextInt(100);
        if (roll < 25) {
            String op = pick(List.of("+", "-", "*", "+", "-", "/", "%", "^"));
            if ((op.equals("/") || op.equals("%")) && chance(70)) {
                return Node.expr("0", "(", expr(Ty.INT, depth - 1), " " + op + " ((", expr(Ty.INT, depth - 1),
                        ") | 1))");
            }
            if (op.equals("/") || op.equals("%")) {
                feature("division (ArithmeticException)");
            }
            feature("binary operands");
            Node left = expr(Ty.INT, depth - 1);
            return Node.expr("0", "(", op.equals("+") ? plusLeft(Ty.INT, left) : left, " " + op + " ",
                    expr(Ty.INT, depth - 1), ")");
        }
        if (roll < 32) {
            feature("?: operands");
            return Node.expr("0", "(", expr(Ty.BOOLEAN, depth - 1), " ? ", expr(Ty.INT, depth - 1), " : ",
                    expr(Ty.INT, depth - 1), ")");
        }
        if (roll < 40) {
            feature("call arguments");
            return Node.expr("0", "f3(", tag("f"), ", ", expr(Ty.INT, depth - 1), ", ", expr(Ty.INT, depth - 1),
                    ", ", expr(Ty.INT, depth - 1), ")");
        }
        if (roll < 47) {
            List<String> arrs = new ArrayList<>();
            for (Var a : vars(Ty.INT_ARR, false)) {
                arrs.add(a.name);
            }
            if (arrs.isEmpty() || chance(20)) {
                arrs.add(fieldRef(Field.FA));
            }
            feature("array index");
            String a = pick(arrs);
            if (r.nextBoolean()) {
                return Node.expr("0", "arr(", tag("r"), ", " + a + ")[", index(), "]");
            }
            return Node.expr("0", a + "[", index(), "]");
        }
        if (roll < 52) {
            Node call = callAnother(Ty.INT, depth);
            if (call != null) {
                return call;
            }
        }
        if (roll < 58) {
            List<Var> vs = new ArrayList<>(vars(Ty.INT, true));
            if (chance(25)) {
                feature("instance field ++/-- as expression");
                String f = fieldRef(field(Ty.INT));
                return Node.leaf(r.nextBoolean() ? "(" + f + "++)" : "(--" + f + ")");
            }
            if (!vs.isEmpty()) {
                feature("++/-- as expression");
                Var v = pick(vs);
                return Node.leaf(r.nextBoolean() ? "(" + v.name + "++)" : "(--" + v.name + ")");
            }
        }
        if (roll < 64) {
            feature("object creation");
            return Node.expr("0", "new Box(", expr(Ty.INT, depth - 1), ", ", expr(Ty.STRING, depth - 1), ").f");
        }
        if (roll < 68) {
            List<Var> boxes = vars(Ty.BOX, false);
            if (!boxes.isEmpty() && chance(80)) {
                return Node.leaf(pick(boxes).name + ".f");
            }
            return Node.leaf(chance(50) ? fieldRef(Field.FB) + ".f" : "sf");
        }
        if (roll < 72) {
            return Node.expr("0", "(", expr(Ty.STRING, depth - 1), ").length()");
        }
        if (roll < 76) {
            List<Var> lists = vars(Ty.LIST, false);
            if (!lists.isEmpty()) {
                return Node.leaf(pick(lists).name + ".size()");
            }
        }
        if (roll < 80) {
            Ty small = pick(List.of(Ty.BYTE, Ty.SHORT, Ty.CHAR, Ty.INTEGER));
            feature("widening/unboxing cast");
            return Node.expr("0", "(int) (", expr(small, depth - 1), ")");
        }
        if (roll < 84) {
            return Node.expr("0", "(int) (0L + ", expr(Ty.LONG, depth - 1), ")");
        }
        if (roll < 90) {
            return switchExpression(Ty.INT, depth);
        }
        return Node.expr("0", "oi(", tag("o"), ", ", expr(Ty.INT, depth - 1), ")");
    }

    private Node longExpr(int depth) {
        int roll = r.nextInt(4);
        if (roll == 0) {
            return Node.expr("0L", "(", plusLeft(Ty.LONG, expr(Ty.LONG, depth - 1)), " + ", expr(Ty.INT, depth - 1), ")");
        }
        if (roll == 1) {
            return Node.expr("0L", "(", expr(Ty.LONG, depth - 1), " * 3L)");
        }
        if (roll == 2) {
            Node call = callAnother(Ty.LONG, depth);
            if (call != null) {
                return call;
            }
        }
        return Node.expr("0L", "ol(", tag("o"), ", ", expr(Ty.LONG, depth - 1), ")");
    }

    private Node boolExpr(int depth) {
        if (patterns && chance(6)) {
            return patternAnd(depth);
        }
        int roll = r.nextInt(100);
        if (roll < 25) {
            feature("relational operands");
            return Node.expr("false", "(", expr(Ty.INT, depth - 1), " " + pick(List.of("<", "<=", ">")) + " ",
                    expr(Ty.INT, depth - 1), ")");
        }
        if (roll < 45) {
            feature("short-circuit && ||");
            return Node.expr("false", "(", expr(Ty.BOOLEAN, depth - 1), r.nextBoolean() ? " && " : " || ",
                    expr(Ty.BOOLEAN, depth - 1), ")");
        }
        if (roll < 52) {
            return Node.expr("false", "!(", expr(Ty.BOOLEAN, depth - 1), ")");
        }
        if (roll < 62) {
            feature("instanceof");
            Ty t = Ty.SCALARS[r.nextInt(Ty.SCALARS.length)];
            String type = pick(List.of("String", "Integer", "Number", "En"));
            if (canAwait() && chance(60)) {
                feature("await instanceof");
                return Node.expr("false", "(await(v(", tag("a"), ", (Object) ", expr(t, depth - 1), ")) instanceof "
                        + type + ")");
            }
            return Node.expr("false", "(oo(", tag("o"), ", (Object) ", expr(t, depth - 1), ") instanceof " + type + ")");
        }
        if (roll < 70) {
            return Node.expr("false", "(", expr(Ty.STRING, depth - 1), ").equals(", expr(Ty.STRING, depth - 1), ")");
        }
        if (roll < 76) {
            Node call = callAnother(Ty.BOOLEAN, depth);
            if (call != null) {
                return call;
            }
        }
        if (roll < 80) {
            return switchExpression(Ty.BOOLEAN, depth);
        }
        return Node.expr("false", "oz(", tag("o"), ", ", expr(Ty.BOOLEAN, depth - 1), ")");
    }

    private Node stringExpr(int depth) {
        if (patterns && chance(3)) {
            return patternConditional(Ty.STRING, depth);
        }
        int roll = r.nextInt(100);
        if (roll < 35) {
            feature("string concatenation");
            return Node.expr("\"\"", "(", plusLeft(Ty.STRING, expr(Ty.STRING, depth - 1)), " + ", anyScalar(depth - 1), ")");
        }
        if (roll < 45) {
            List<Var> sbs = vars(Ty.SB, false);
            if (!sbs.isEmpty() && canAwait()) {
                feature("concat converts left operand before await (JDK-8273914)");
                String sb = pick(sbs).name;
                return Node.expr("\"\"", "(" + sb + " + await(mut(" + sb + ", ", tag("a"), ", ",
                        expr(Ty.STRING, depth - 1), ")))");
            }
        }
        if (roll < 52) {
            Node call = callAnother(Ty.STRING, depth);
            if (call != null) {
                return call;
            }
        }
        if (roll < 58) {
            List<Var> boxes = vars(Ty.BOX, false);
            if (!boxes.isEmpty()) {
                return Node.leaf(pick(boxes).name + ".s");
            }
            return Node.leaf("ss");
        }
        if (roll < 66) {
            return switchExpression(Ty.STRING, depth);
        }
        if (roll < 72) {
            feature("?: operands");
            return Node.expr("\"\"", "(", expr(Ty.BOOLEAN, depth - 1), " ? ", expr(Ty.STRING, depth - 1), " : ",
                    expr(Ty.STRING, depth - 1), ")");
        }
        return Node.expr("\"\"", "oo(", tag("o"), ", ", expr(Ty.STRING, depth - 1), ")");
    }
}
