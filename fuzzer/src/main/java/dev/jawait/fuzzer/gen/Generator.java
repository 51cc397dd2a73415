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

    // Per-method state.
    private int method;
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
        }
        this.program = new Program(name, seed, new Block());
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
        for (int i = 0; i < g.methodCount; i++) {
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
        method = index;
        scopes.clear();
        targets.clear();
        catchParams.clear();
        retired.clear();
        budget = 14 + r.nextInt(22);
        loopDepth = 0;
        open();
        declare("d", Ty.INT, false);
        declare("p", Ty.INT, true);
        Block body = new Block();
        body.add(Node.pinned("step();"));
        statements(body, 3 + r.nextInt(5), 0);
        Ty rt = returnTypes[index];
        body.add(Node.stmt("return Future.ready(", expr(rt, 2), ");"));
        close();
        if (index > 0) {
            feature("calls between @Async methods");
        }
        return new Node(Node.Kind.METHOD, "\n@Async\nstatic Future<" + rt.boxed() + "> m" + index
                + "(int d, int p) throws FxChecked ", body, "\n");
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
            lambdaCapture(b);
        } else {
            deferredInit(b);
        }
    }

    private void declaration(Block b) {
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
            if (r.nextBoolean()) {
                b.add(Node.stmt("var " + name + " = " + r.nextInt(9) + ";"));
                declare(name, Ty.INT, true);
            } else {
                b.add(Node.stmt("var " + name + " = \"v" + r.nextInt(9) + "\";"));
                declare(name, Ty.STRING, true);
            }
        } else if (roll < 75) {
            String name = localName();
            feature("local int[]");
            if (r.nextBoolean()) {
                b.add(Node.stmt("int[] " + name + " = {", expr(Ty.INT, 2), ", ", expr(Ty.INT, 2), ", ",
                        expr(Ty.INT, 2), "};"));
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
        if (method + 1 < methodCount || chance(30)) {
            int target = method + r.nextInt(methodCount - method);
            feature(target == method ? "recursion" : "await another @Async method");
            mayThrowChecked = true;
            b.add(Node.stmt("if (d > 0) {\n  await(m" + target + "(d - 1, ", expr(Ty.INT, 2), "));\n}"));
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
                : Node.stmt("return Future.ready(", expr(returnTypes[method], 2), ");"));
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
            b.add(Node.stmt(prefix + "for (int " + i + " = ", init, "; " + i + " < ", bound, "; " + i + "++) ", body));
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
            b.add(Node.stmt(prefix + "for (int " + e + " : ", array, ") ", body));
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
            b.add(Node.stmt(prefix + "for (Integer " + e + " : ", list, ") ", body));
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
        Block inner = new Block();
        inner.add(Node.stmt("final int " + c + " = ", expr(Ty.INT, 2), ";"));
        inner.add(Node.stmt("Runnable " + run + " = () -> log(\"captured \" + " + c + ");"));
        inner.add(canAwait() ? Node.stmt("await(v(", tag("a"), ", 0));") : Node.stmt("log(", tag("L"), ");"));
        inner.add(Node.stmt(run + ".run();"));
        b.add(Node.stmt(inner));
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
        if (chance(15)) {
            feature("await(f, FxChecked.class)");
            mayThrowChecked = true;
            return Node.expr(t.zero, "await(v(", tag("a"), ", ", inner, "), FxChecked.class)");
        }
        return Node.expr(t.zero, "await(v(", tag("a"), ", ", inner, "))");
    }

    private Node var(Ty t) {
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
            default:
                throw new AssertionError(t);
        }
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
        return Node.expr(want.zero, "(d > 0 ? await(m" + j + "(d - 1, ", expr(Ty.INT, depth - 1), ")) : ",
                literal(want), ")");
    }

    private Node intExpr(int depth) {
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
            List<Var> arrs = vars(Ty.INT_ARR, false);
            if (!arrs.isEmpty()) {
                feature("array index");
                Var a = pick(arrs);
                if (r.nextBoolean()) {
                    return Node.expr("0", "arr(", tag("r"), ", " + a.name + ")[", index(), "]");
                }
                return Node.expr("0", a.name + "[", index(), "]");
            }
        }
        if (roll < 52) {
            Node call = callAnother(Ty.INT, depth);
            if (call != null) {
                return call;
            }
        }
        if (roll < 58) {
            List<Var> vs = new ArrayList<>(vars(Ty.INT, true));
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
            if (!boxes.isEmpty()) {
                return Node.leaf(pick(boxes).name + ".f");
            }
            return Node.leaf("sf");
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
