package dev.jawait.processor;

import dev.jawait.processor.testing.CompileAndRun;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Operands whose type javac takes from their context (JLS 15.25 reference conditionals, lambdas
 * and method references, switch expressions), kept in a temporary because a later operand
 * awaits, or awaiting in a branch: the machine must compile and give the synchronous twin's
 * values. Each case is its own class, so one that does not compile names itself.
 */
@Timeout(120)
class PolyOperandTest {
    private static final String HEADER = String.join("\n",
            "package demo;",
            "import static dev.jawait.Await.await;",
            "import static dev.jawait.processor.testing.Fx.log;",
            "import dev.jawait.Async;",
            "import dev.jawait.Future;",
            "import dev.jawait.processor.testing.Fx;",
            "import java.util.List;",
            "import java.util.function.IntUnaryOperator;",
            "import java.util.function.Supplier;",
            "public class $NAME {",
            "  static <T> Future<T> v(String name, T value) { return Fx.value(name, value); }",
            "  static <T> T generic(T t) { log(\"generic \" + t); return t; }",
            "  @SuppressWarnings(\"unchecked\") static <T> T cast(Object o) { log(\"cast \" + o); return (T) o; }",
            "  static Integer boxed(int i) { log(\"boxed \" + i); return i; }",
            "  static String f(double d, int x) { return d + \"/\" + x; }",
            "  static String fl(long d, int x) { return d + \"/\" + x; }",
            "  static String fo(Object o, int x) { return o + \"/\" + x; }",
            "  static String fn(Number n, int x) { return n + \"/\" + x; }",
            "  static String fb(boolean b, boolean x) { return b + \"/\" + x; }",
            "  static int apply(IntUnaryOperator op, int x) { return op.applyAsInt(x); }",
            "  static String get(Supplier<String> s, int x) { return s.get() + x; }",
            "  static String h(double d) { return \"h double \" + d; }",
            "  static String h(Object o) { return \"h Object \" + o; }",
            "  static String hl(long d) { return \"hl long \" + d; }",
            "  static String hl(Object o) { return \"hl Object \" + o; }",
            "  static String hb(boolean b) { return \"hb boolean \" + b; }",
            "  static String hb(Object o) { return \"hb Object \" + o; }",
            "  static int twice(int x) { return 2 * x; }",
            "  static String va(int d, int... xs) { return d + \":\" + java.util.Arrays.toString(xs); }",
            "  static String name() { return \"n\"; }",
            "  static Integer ov(int i) { log(\"ov int \" + i); return i; }",
            "  static String g(double d, int x) { return \"g \" + d + x; }",
            "  static String g(Object o, String x) { return \"g \" + o + x; }",
            "  static Integer nul(int i) { log(\"nul int \" + i); return null; }",
            "  static Object nul(String s) { return s; }",
            "  @SuppressWarnings(\"unchecked\") static <T> T ov(String s) { log(\"ov String \" + s); return (T) (Object) (s.length() + 0.5); }",
            "  @Async static Future<String> run() {",
            "    String out = \"\";",
            "    for (int i = 0; i < 2; i++) {",
            "      boolean c = i == 0;",
            "      int k = i;",
            "$BODY",
            "    }",
            "    return Future.ready(out);",
            "  }",
            "}");

    /** Case name → loop body ({@code c} alternates true/false, {@code k} is 0 then 1). */
    static final Map<String, String> CASES = new LinkedHashMap<>();

    static {
        // the known bug: a reference conditional (a generic call) with a primitive branch, primitive target
        CASES.put("GenericOrDoubleArgument", "out += f(c ? generic(5) : 1.5, await(v(\"x\", k))) + \",\";");
        CASES.put("GenericOrLongArgument", "out += fl(c ? generic(1) : 2L, await(v(\"x\", k))) + \",\";");
        CASES.put("ContextTypedOrDouble", "out += f(c ? cast(7.5) : 1, await(v(\"x\", k))) + \",\";");
        CASES.put("NestedConditional", "out += f(c ? generic(5) : k > 0 ? 2.5f : generic(3L), await(v(\"x\", k))) + \",\";");
        CASES.put("NullBranchToObject", "out += fo(c ? null : 1.5, await(v(\"x\", k))) + \",\";");
        CASES.put("GenericOrDoubleToNumber", "out += fn(c ? generic(5) : 1.5, await(v(\"x\", k))) + \",\";");
        CASES.put("GenericOrDoubleToObject", "out += fo(c ? generic(5) : 1.5, await(v(\"x\", k))) + \",\";");
        CASES.put("BooleanGeneric", "out += fb(c ? generic(true) : k > 5, await(v(\"x\", c))) + \",\";");
        // boxed and primitive in a numeric conditional: binary numeric promotion, unboxing
        CASES.put("BoxedOrDoubleArgument", "out += f(c ? boxed(5) : 1.5, await(v(\"x\", k))) + \",\";");
        CASES.put("BoxedOrDoubleToObject", "out += fo(c ? boxed(5) : 1.5, await(v(\"x\", k))) + \",\";");
        CASES.put("ConcatBoxedOrDouble", "out += (c ? boxed(5) : 1.5) + await(v(\"x\", \"s\")) + \",\";");
        CASES.put("ConcatGenericOrDouble", "out += (c ? generic(5) : 1.5) + await(v(\"x\", \"s\")) + \",\";");
        // an await in a branch
        CASES.put("AwaitOrDouble", "double d = c ? await(v(\"x\", 5)) : 1.5; out += d + \",\";");
        CASES.put("AwaitOrDoubleArgument", "out += f(c ? await(v(\"x\", 5)) : 1.5, k) + \",\";");
        CASES.put("AwaitOrDoubleToObject", "out += fo(c ? await(v(\"x\", 5)) : 1.5, k) + \",\";");
        CASES.put("CastAwaitOrDouble", "out += fo(c ? (int) await(v(\"x\", 5)) : 1.5, k) + \",\";");
        CASES.put("AwaitPlusOneOrDouble", "out += fo(c ? await(v(\"x\", 5)) + 1 : 1.5, k) + \",\";");
        CASES.put("AwaitOrDoubleSpilled", "out += f(c ? await(v(\"x\", 5)) : 1.5, await(v(\"y\", k))) + \",\";");
        CASES.put("AwaitOrGenericSpilled", "out += fl(c ? await(v(\"x\", 5)) : generic(6L), await(v(\"y\", k))) + \",\";");
        // lambdas and method references (no type of their own) before a later await
        CASES.put("LambdasSpilled", "out += apply(c ? x -> x + k : x -> x * 2, await(v(\"x\", 3))) + \",\";");
        CASES.put("MethodRefsSpilled", "out += apply(c ? Math::abs : $NAME::twice, await(v(\"x\", -3))) + \",\";");
        CASES.put("LambdaOrAwaitSpilled", "out += get(c ? () -> \"l\" + k : await(v(\"s\", (Supplier<String>) () -> \"f\")), await(v(\"x\", 3))) + \",\";");
        CASES.put("BoundRefSpilled", "String s = \"ab\" + k; out += get(c ? s::toUpperCase : $NAME::name, await(v(\"x\", 3))) + \",\";");
        // switch expressions mixing a generic call and a primitive, primitive target
        CASES.put("SwitchGenericOrDouble", "out += f(switch (k) { case 0 -> generic(5); default -> 1.5; }, await(v(\"x\", k))) + \",\";");
        CASES.put("SwitchAwaitOrDouble", "double d = switch (k) { case 0 -> await(v(\"x\", 5)); default -> 1.5; }; out += d + \",\";");
        CASES.put("SwitchAwaitOrDoubleArgument", "out += f(switch (k) { case 0 -> await(v(\"x\", 5)); default -> 1.5; }, k) + \",\";");
        CASES.put("SwitchConcat", "out += switch (k) { case 0 -> generic(5); default -> 1.5; } + await(v(\"x\", \"s\")) + \",\";");
        CASES.put("SwitchAwaitConcat", "out += \"<\" + switch (k) { case 0 -> await(v(\"x\", 5)); default -> 1.5; } + \",\";");
        CASES.put("SwitchBlockArms", "out += f(switch (k) { case 0 -> { int t = k + 1; log(\"t\" + t); yield generic(t); } default -> { double u = await(v(\"u\", 2.5)); yield u; } }, k) + \",\";");
        CASES.put("SwitchAwaitConcatLeft", "StringBuilder sb = new StringBuilder(\"b\"); out += switch (k) { case 0 -> await(v(\"x\", sb)); default -> 1.5; } + await(v(\"y\", \"s\" + sb.append(\"!\"))) + \",\";");
        CASES.put("SwitchToObject", "out += fo(switch (k) { case 0 -> generic(5); default -> await(v(\"d\", 1.5)); }, await(v(\"x\", k))) + \",\";");
        CASES.put("SwitchBooleanGeneric", "out += fb(switch (k) { case 0 -> generic(true); default -> k > 3; }, await(v(\"x\", c))) + \",\";");
        // intersection types and captured wildcards
        CASES.put("IntersectionSpilled", "out += fo(c ? \"s\" : 5, await(v(\"x\", k))) + \",\";");
        CASES.put("CapturedWildcardSpilled", "List<?> l = List.of(\"a\", 1); out += fo(l.get(k), await(v(\"x\", k))) + \",\";");
        CASES.put("CapturedConditional", "List<? extends Number> l = List.of(4, 2.5); out += fn(c ? l.get(k) : 1.5f, await(v(\"x\", k))) + \",\";");
        CASES.put("CapturedBoxConditional", "List<? extends Integer> l = List.of(4, 2); out += f(c ? l.get(k) : 1.5f, await(v(\"x\", k))) + \",\";");
        CASES.put("CapturedBoxConcat", "List<? extends Integer> l = List.of(4, 2); out += (c ? l.get(k) : 1.5f) + await(v(\"x\", \"s\")) + \",\";");
    }

    static {
        // overloads of one arity that disagree (a box and a reference): the processor cannot tell the kind
        CASES.put("OverloadOrDoubleSpilled", "out += f(c ? ov(k) : 1.5, await(v(\"x\", k))) + \",\";");
        CASES.put("OverloadRefOrDoubleSpilled", "out += fo(c ? ov(\"s\") : 1.5, await(v(\"x\", k))) + \",\";");
        CASES.put("OverloadOrDoubleToObjectSpilled", "out += fo(c ? ov(k) : 1.5, await(v(\"x\", k))) + \",\";");
        CASES.put("OverloadOrAwait", "double d = c ? ov(k) : await(v(\"x\", 1.5)); out += d + \",\";");
        CASES.put("OverloadOrAwaitToObject", "out += fo(c ? ov(k) : await(v(\"x\", 1.5)), k) + \",\";");
        CASES.put("OverloadRefOrAwaitToObject", "out += fo(c ? ov(\"s\" + k) : await(v(\"x\", 1.5)), k) + \",\";");
        CASES.put("OverloadGenericToDoubleSpilled", "out += f(c ? ov(\"s\" + k) : 1.5, await(v(\"x\", k))) + \",\";");
        CASES.put("OverloadGenericOrAwait", "double d = c ? ov(\"s\" + k) : await(v(\"x\", 1.5)); out += d + \",\";");
        CASES.put("OverloadGenericOrAwaitArgument", "out += f(c ? ov(\"s\" + k) : await(v(\"x\", 1.5)), k) + \",\";");
        CASES.put("OverloadGenericConcat", "out += (c ? ov(\"s\" + k) : 1.5) + await(v(\"x\", \"s\")) + \",\";");
        CASES.put("OverloadUnknownArgToDoubleSpilled", "out += f(c ? ov(generic(\"s\" + k)) : 1.5, await(v(\"x\", k))) + \",\";");
        CASES.put("OverloadUnknownArgOrAwait", "double d = c ? ov(generic(\"s\" + k)) : await(v(\"x\", 1.5)); out += d + \",\";");
        CASES.put("OverloadUnknownBoxOrAwait", "double d = c ? ov(generic(k)) : await(v(\"x\", 1.5)); out += d + \",\";");
        CASES.put("OverloadUnknownBoxSpilled", "out += fo(c ? ov(generic(k)) : 1.5, await(v(\"x\", k))) + \",\";");
        CASES.put("OverloadUnknownArgConcat", "out += (c ? ov(generic(\"s\" + k)) : 1.5) + await(v(\"x\", \"s\")) + \",\";");
        CASES.put("OverloadNullBoxSpilled", "out += f(c ? nul(generic(k)) : 1.5, await(v(\"x\", k))) + \",\";");
        CASES.put("OverloadNestedAwait", "out += fo(c ? (k > 0 ? ov(generic(k)) : await(v(\"y\", 2))) : ov(generic(\"t\")), await(v(\"x\", k))) + \",\";");
        // spilled or awaiting into a primitive parameter / local: stored converted there (JLS 15.25.3)
        CASES.put("OverloadNestedSpilled", "out += f(c ? (k > 0 ? ov(generic(k)) : ov(generic(\"s\"))) : 1.5, await(v(\"x\", k))) + \",\";");
        CASES.put("OverloadGenericOrIntSpilled", "out += f(c ? ov(generic(\"s\" + k)) : 1, await(v(\"x\", k))) + \",\";");
        CASES.put("OverloadGenericOrIntAwait", "out += f(c ? ov(generic(\"s\" + k)) : await(v(\"x\", 1)), k) + \",\";");
        CASES.put("OverloadGenericOrIntLocal", "double d = c ? ov(generic(\"s\" + k)) : await(v(\"x\", 1)); out += d + \",\";");
        CASES.put("OverloadOverloadedTargetAwait", "out += g(c ? ov(generic(k)) : await(v(\"x\", 1.5)), k) + \",\";");
        CASES.put("OverloadConcatSpilled", "out += (c ? ov(k) : 1.5) + await(v(\"x\", \"s\")) + \",\";");
    }

    static {
        // an awaited call to a generic method, its type argument inferred from one argument (what
        // the processor redoes of javac's inference), in a conditional passed to an overloaded method
        CASES.put("AwaitedLocalOrDoubleToObject", "Future<Integer> f5 = v(\"x\", 5); out += fo(c ? await(f5) : 1.5, k) + \",\";");
        CASES.put("AwaitedLocalOrDoubleSpilled", "Future<Integer> f5 = v(\"x\", 5); out += fo(c ? await(f5) : 1.5, await(v(\"y\", k))) + \",\";");
        CASES.put("AwaitedGenericLengthOrFloat", "StringBuilder sb = new StringBuilder(); sb.append(c ? await(Future.ready(\"abc\" + k)).length() : 1.5f); out += sb + \",\";");
        CASES.put("AwaitedGenericConcatOrFloat", "StringBuilder sb = new StringBuilder(); sb.append(c ? (await(v(\"a\", \"s\" + k)) + 0) : 1.5f); out += sb + \",\";");
        CASES.put("AwaitedGenericSumOrInt", "List<Object> xs = new java.util.ArrayList<>(); xs.add(c ? (k + await(v(\"a\", 2))) : 0); out += xs + \",\";");
        CASES.put("AwaitedGenericPlusDecrementOrInt", "int kk = k; List<Object> xs = new java.util.ArrayList<>(); xs.add(c ? ((--kk) + await(v(\"a\", 6))) : (-1)); out += xs + \"/\" + kk + \",\";");
        CASES.put("AwaitedGenericConcatIncrementOrFloat", "Integer kb = k; StringBuilder sb = new StringBuilder(); sb.append(c ? (await(v(\"a\", \"s\")) + (kb++)) : 1.5f); out += sb + \"/\" + kb + \",\";");
        // an await beside a primitive of its own box: a reference conditional of that box (JLS
        // 15.25), unboxed by the sum around it (null too), in an overloaded call (until session
        // 20 rejected as unknown)
        CASES.put("AwaitOrIntNestedInSum", "StringBuilder sb = new StringBuilder(); sb.append(k > 3 ? (k + (k > 0 ? await(v(\"a\", k)) : 4)) : 8); out += sb + \",\";");
        CASES.put("AwaitNullOrIntInSum", "StringBuilder sb = new StringBuilder(); try { sb.append(k + (c ? await(v(\"n\", (Integer) null)) : 4)); } catch (NullPointerException e) { sb.append(\"npe\"); } out += sb + \",\";");
        CASES.put("AwaitedStageOrFloat", "StringBuilder sb = new StringBuilder(); sb.append(c ? await(java.util.concurrent.CompletableFuture.completedFuture(\"st\")).length() : 1.5f); out += sb + \",\";");

        // a conditional the processor cannot classify, passed to a generic or variable-arity method:
        // the target is a reference (an inference variable), so no branch is converted to a primitive
        // and the conditional is kept whole, whatever its kind
        CASES.put("PatternBindingAwaitIntoGeneric", "Object o = c ? (Object) k : \"s\"; out += generic(o instanceof Integer b ? b + await(v(\"a\", 1)) : 0) + \",\";");
        CASES.put("PatternBindingSpilledIntoVarargs", "Object o = c ? (Object) (k + 7) : \"s\"; out += List.of((o instanceof Integer b ? b + 1 : 0), await(v(\"a\", 8))) + \",\";");
        CASES.put("ObjectCastsWithAwaitIntoGeneric", "out += generic(c ? (Object) (Integer) k : (Object) await(v(\"b\", 5))) + \",\";");
        CASES.put("OverloadUnknownSpilledIntoVarargs", "out += List.of(c ? ov(generic(k)) : 1.5, await(v(\"x\", k))) + \",\";");
        CASES.put("OverloadUnknownAwaitIntoGeneric", "out += generic(c ? ov(generic(k)) : await(v(\"x\", 1.5))) + \",\";");
        // ... and to a constructor with a primitive parameter: converted to it, as javac converts it
        CASES.put("PatternBindingAwaitIntoConstructor", "Object o = c ? (Object) k : \"s\"; out += new java.util.concurrent.atomic.AtomicLong(o instanceof Integer b ? b + await(v(\"a\", 1)) : 7) + \",\";");
        // ... and to a variable-arity method's last position, where it cannot be the array itself
        // a 'var' local whose only await is in its own initializer, where javac has not typed it
        // yet: typed from the scope of the statement after it (rejected until session 19)
        CASES.put("OverloadVarOrAwait", "var z = c ? ov(generic(k)) : await(v(\"x\", 1.5)); out += z + \",\";");
        CASES.put("PatternBindingAwaitIntoIntVarargs", "Object o = c ? (Object) k : \"s\"; out += va(k, (o instanceof Integer b ? b + await(v(\"a\", 1)) : 7)) + \",\";");
    }

    /**
     * Case name → loop body the processor cannot lower exactly, → the source text where its
     * error must point: a jawait error there, and never generated code that does not compile.
     */
    static final Map<String, String[]> REJECTED = new LinkedHashMap<>();

    static {
        // an unclassifiable conditional (the overloads of 'ov' disagree: a box and a type variable) spilled
        // an awaited call whose lambda or method reference takes its type from the await's target,
        // the declared type of the local (the machine evaluates the future apart from it)
        CASES.put("AwaitedLambdaTypedByDeclaration",
                "Supplier<String> s = await(v(\"s\", () -> \"sup\" + k)); out += s.get() + \",\";");
        CASES.put("AwaitedMethodRefTypedByDeclaration",
                "IntUnaryOperator op = await(v(\"op\", Math::negateExact)); out += op.applyAsInt(k + 1) + \",\";");
        CASES.put("AwaitedLambdaInAStageTypedByDeclaration",
                "Supplier<String> s = await(java.util.concurrent.CompletableFuture.completedFuture(() -> \"cf\" + k));"
                + " out += await(v(\"x\", s.get())) + \",\";");
        CASES.put("AwaitedLambdaTypedByAssignment",
                "Supplier<String> s = null; s = (await(v(\"s\", () -> \"as\" + k))); out += s.get() + \",\";");
        // a branch with an await of a generic call whose argument is an await: typed like an await
        // of that call on a value of the inner await's type (javac infers the inner await's type
        // argument from its future alone), so the overload of 'g' and the conditional's kind are known
        CASES.put("NestedAwaitInBranchOfOverloadedCall",
                "out += g(c ? 1 + await(v(\"x\", await(v(\"y\", k)))) : 1.5, k) + \",\";");
        // a numeric or boolean conditional that awaits in a branch, passed to overloads of a
        // primitive and Object: its temporary is read back with its primitive type, not boxed,
        // so the same overload is chosen (until session 21 the machine called the Object one)
        CASES.put("AwaitInBranchToPrimitiveOrObjectOverload",
                "out += h(c ? (double) await(v(\"x\", k)) : 1.5) + \",\";");
        CASES.put("AwaitInSumBranchToPrimitiveOrObjectOverload",
                "out += hl(c ? 1 + await(v(\"x\", k)) : 0) + h(!c ? await(v(\"y\", k)) + 0.5 : 2) + \",\";");
        CASES.put("AwaitInBooleanBranchToPrimitiveOrObjectOverload",
                "out += hb(c ? !await(v(\"x\", k > 0)) : false) + \",\";");
        CASES.put("AwaitedBoxBranchesStayBoxed",
                "out += h(c ? await(v(\"x\", (Integer) k)) : await(v(\"y\", (Integer) 7))) + \",\";");
        // and one whose future is of a subtype of the declared type: still accepted
        CASES.put("AwaitedNarrowerFutureWithLambda",
                "Object o = await(v(\"o\", List.of((Supplier<String>) () -> \"l\" + k))); out += ((Supplier<?>) ((List<?>) o).get(0)).get() + \",\";");
        // into a primitive parameter: its branches may be converted one by one, or promoted together
        // into a parameter that is primitive in one overload of 'g' and a reference in the other
        REJECTED.put("OverloadUnknownTarget", new String[] {
            "out += g(c ? ov(generic(k)) : 1.5, await(v(\"x\", k))) + \",\";", "c ? ov(", "cannot tell"});

        // an awaited generic call whose type argument comes from a lambda (javac infers it from
        // the lambda's body): the conditional's kind, so the overload of 'append', stays unknown
        REJECTED.put("AwaitedLambdaInferredOrFloat", new String[] {
            "StringBuilder sb = new StringBuilder(); sb.append(c ? await(java.util.concurrent.CompletableFuture.supplyAsync(() -> \"abc\")).length() : 1.5f); out += sb;",
            "c ? await(", "cannot tell"});

    }

    static Stream<String> rejected() {
        return REJECTED.keySet().stream();
    }

    @ParameterizedTest
    @MethodSource("rejected")
    void rejectedAtTheTree(String name) throws Exception {
        String[] c = REJECTED.get(name);
        String source = HEADER.replace("$NAME", name).replace("$BODY", "      " + c[0]);
        com.google.testing.compile.Compilation compilation = CompileAndRun.compileExpectingErrors("demo." + name, source);
        java.util.List<javax.tools.Diagnostic<? extends javax.tools.JavaFileObject>> errors = compilation.errors().stream()
                .collect(java.util.stream.Collectors.toList());
        org.junit.jupiter.api.Assertions.assertEquals(1, errors.size(), errors::toString);
        javax.tools.Diagnostic<? extends javax.tools.JavaFileObject> e = errors.get(0);
        String text = e.getSource().getCharContent(true).toString();
        org.junit.jupiter.api.Assertions.assertTrue(e.getSource().getName().endsWith(name + ".java")
                && text.startsWith(c[1], (int) e.getStartPosition()), e::toString);
        String message = e.getMessage(java.util.Locale.ROOT);
        org.junit.jupiter.api.Assertions.assertTrue(message.startsWith("jawait: ") && message.contains(c[2]), message);
    }

    static Stream<String> cases() {
        return CASES.keySet().stream();
    }

    @ParameterizedTest
    @MethodSource("cases")
    void sameAsSynchronous(String name) {
        String source = HEADER.replace("$NAME", name).replace("$BODY", "      " + CASES.get(name).replace("$NAME", name));
        CompileAndRun.assertSameAsSync("demo." + name, source, "run");
    }
}
