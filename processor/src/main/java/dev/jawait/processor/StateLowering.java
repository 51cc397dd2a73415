package dev.jawait.processor;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.WildcardTypeName;
import com.sun.source.tree.AnnotationTree;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.BlockTree;
import com.sun.source.tree.CatchTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.DoWhileLoopTree;
import com.sun.source.tree.EnhancedForLoopTree;
import com.sun.source.tree.ExpressionStatementTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.ForLoopTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.IfTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.LabeledStatementTree;
import com.sun.source.tree.LineMap;
import com.sun.source.tree.NewArrayTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.ReturnTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.SwitchTree;
import com.sun.source.tree.ThrowTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TryTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.tree.WhileLoopTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreeScanner;
import com.sun.source.util.Trees;
import dev.jawait.processor.check.ScopeCache;
import dev.jawait.processor.MachineIr.Catch;
import dev.jawait.processor.MachineIr.Finally;
import dev.jawait.processor.MachineIr.Handler;
import dev.jawait.processor.MachineIr.State;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.Name;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;

/**
 * The lower pass: turns the body of an {@code @Async} method into {@link MachineIr} states.
 *
 * <p>Statements without an await are copied as they are (through {@link JavaPrinter}, with names
 * rewritten) into the current state. A statement with an await is exploded: loops, {@code if},
 * {@code switch}, labels and {@code try} become states and jumps; an expression with an await is
 * evaluated in Java's order, spilling the operands evaluated before the await into temporaries
 * (JLS 15.7), then the await polls its future in place and, only if it is pending, stores it
 * as the child and suspends; its resume state takes the ready poll, or polls the child when
 * resumed. Exceptions reach the catch / finally states through the handler of the state that
 * threw; {@code finally} blocks replay a pending completion (an exception or a jump).
 *
 * <p>This class orchestrates the pass and lowers statements; its collaborators share one
 * {@link LoweringContext}: {@link MachineFields} declares the fields, {@link StateBuilder} builds
 * states and jumps, {@link ExpressionLowering} lowers expressions (with {@link Temporaries} and
 * {@link OperandCategories}), {@link SwitchLowering} lowers switches (calling back for the
 * statements of their cases), {@link BodyPrinter} copies the code without awaits, and
 * {@link MemberLookup}, {@link ExactTypes} and {@link MemberHandles} answer what they need to
 * know about names, types and inaccessible members.
 */
final class StateLowering {
    /** Thrown to abandon the method after an error was reported. */
    static final class Failed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Failed() {
            super(null, null, false, false);
        }
    }

    static final String LOOP = "machine$";
    static final String CX = "ctx$";
    /** The local of a resume state holding its child's ready {@link dev.jawait.Poll}. */
    static final String READY = "ready$";

    /**
     * The local of the machine's {@code poll} holding the ready {@link dev.jawait.Poll} of an
     * await whose future was ready at once, from the await until its resume state takes it.
     */
    static final String AT_ONCE = "readyAtOnce$";
    private static final ClassName MACHINES = ClassName.get("dev.jawait.machine", "Machines");
    private static final ClassName POLL = ClassName.get("dev.jawait", "Poll");

    private final LoweringContext cx;
    private final MemberLookup lookup;
    private final ExactTypes exact;
    private final MemberHandles handles;
    private final AsyncMethod m;
    private final Trees trees;
    private final BodyPrinter printer;
    private final StateBuilder states;
    private final MachineFields fields;
    private final Temporaries temps;
    private final ExpressionLowering expr;
    /** Set right after {@link #expr}, which calls back into it for switch expressions. */
    private SwitchLowering switches;

    private int finallyCount;
    private int iterCount;
    private boolean needsCaught;

    StateLowering(AsyncMethod m, ProcessingEnvironment env, Trees trees, ScopeCache scopes) {
        this.cx = new LoweringContext(m, env, trees, scopes);
        this.m = m;
        this.trees = trees;
        this.lookup = new MemberLookup(m, cx.elements);
        this.exact = new ExactTypes(cx, lookup);
        this.handles = new MemberHandles(cx);
        this.states = new StateBuilder(cx);
        this.fields = new MachineFields(cx, exact);
        this.printer = new BodyPrinter(cx, lookup, exact, handles, states);
        this.temps = new Temporaries(cx);
        this.expr = new ExpressionLowering(cx, lookup, exact, printer, states, temps,
                (sw, target, arms) -> switches.lowerInto(sw, target, arms));
        this.switches = new SwitchLowering(cx, this, printer, states, expr);
    }

    /** Lowers the method; returns null after reporting an error. */
    MachineIr lower() {
        try {
            for (ClassTree c : LocalClasses.toHoist(m)) {
                if (cx.hoistedClasses.putIfAbsent(c.getSimpleName().toString(), c) != null) {
                    throw cx.fail(c, "jawait: this method declares two local classes named " + c.getSimpleName()
                            + " whose uses span awaits; both become members of the generated machine,"
                            + " so rename one");
                }
            }
            for (ClassTree c : cx.hoistedClasses.values()) {
                Set<String> inner = new HashSet<>();
                for (ClassTree h : cx.hoistedClasses.values()) {
                    if (h.getKind() == Tree.Kind.CLASS) {
                        inner.add(h.getSimpleName().toString());
                    }
                }
                NewClassTree n = LocalClasses.creationInStaticContext(c, inner);
                if (n != null) {
                    throw cx.fail(n, "jawait: a local class whose uses span an await becomes an inner class of the"
                            + " generated machine, so it cannot be created in a static member of a local class;"
                            + " create it outside the static member, or declare the class outside the method");
                }
            }
            fields.declare();
            State entry = states.newState("entry: " + m.method.getSimpleName());
            states.place(entry);
            stmt(new TreePath(m.path, m.tree.getBody()));
            if (states.cur != null) {
                // Falling off the end of a Future-returning method cannot compile; kept defensive.
                states.emit("throw new IllegalStateException($S);\n", "fell off the end of " + m.method);
                states.cur = null;
            }
            if (states.returnViaFinally != null) {
                states.place(states.returnViaFinally);
                states.emit("if (this.resultFuture$$ != null) {\n$>awaitOn(this.resultFuture$$);\n"
                        + "this.resultFuture$$ = null;\nthis.state = $L;\ncontinue $L;\n$<}\n"
                        + "return complete($T.ready(this.result$$));\n", states.returnAwait(), LOOP, POLL);
            }
            if (states.returnAwait != null) {
                states.place(states.returnAwait);
                states.emit(expr.pollChild());
                states.emit("return complete($T.ready(this.<$T>awaitedValue($L)));\n", POLL, TypeName.get(m.resultType),
                        READY);
            }
            states.endJump(null);
            for (ClassTree c : cx.hoistedClasses.values()) {
                // Declared in code the machine leaves out (after an `if (true)` that never
                // completes), whose locals may still have fields typed with the class.
                cx.ir.memberClasses.computeIfAbsent(c.getSimpleName().toString(),
                        name -> printer.hoistedClass(TreePath.getPath(m.path, c)));
            }
            for (int i = temps.objectTemps.nextSetBit(0); i >= 0; i = temps.objectTemps.nextSetBit(i + 1)) {
                cx.addField("tmp$" + i, ClassName.OBJECT);
            }
            if (needsCaught) {
                cx.addField("caught", ClassName.get(Throwable.class));
            }
            cx.ir.redirectStatement = Redirect.statement(m);
            return cx.ir;
        } catch (JavaPrinter.Unsupported e) {
            trees.printMessage(javax.tools.Diagnostic.Kind.ERROR, e.getMessage(), e.tree, m.unit);
            return null;
        } catch (Failed e) {
            return null;
        }
    }

    // ---- statements ---------------------------------------------------------------------

    String commentFor(Tree t) {
        long pos = cx.positions.getStartPosition(m.unit, t);
        LineMap lines = m.unit.getLineMap();
        String file = m.unit.getSourceFile().getName();
        file = file.substring(file.lastIndexOf('/') + 1);
        String text;
        try {
            text = printer.sourceOf(t);
        } catch (RuntimeException e) {
            text = t.getKind().toString();
        }
        int nl = text.indexOf('\n');
        if (nl >= 0) {
            text = text.substring(0, nl).trim() + " ...";
        }
        if (text.length() > 70) {
            text = text.substring(0, 67) + "...";
        }
        return file + ":" + lines.getLineNumber(pos) + "  " + text.replace("*/", "* /");
    }

    void stmts(TreePath parent, List<? extends StatementTree> list) {
        for (StatementTree s : list) {
            if (states.cur == null) {
                return;
            }
            stmt(new TreePath(parent, s));
        }
    }

    void stmt(TreePath p) {
        StatementTree s = (StatementTree) p.getLeaf();
        if (states.cur == null) {
            return;
        }
        if (!m.hasAwait(s)) {
            plain(p);
            return;
        }
        states.lastComment = commentFor(s);
        temps.tempsInStatement = temps.tempFloor;
        switch (s.getKind()) {
            case BLOCK: {
                List<? extends StatementTree> all = ((BlockTree) s).getStatements();
                int tail = all.size();
                while (tail > 0 && !m.hasAwait(all.get(tail - 1))) {
                    tail--;
                }
                for (int i = 0; i < tail && states.cur != null; i++) {
                    if (all.get(i) instanceof VariableTree && !cx.fieldOf.containsKey(all.get(i))
                            && m.hasAwait(all.get(i))) {
                        // Short-lived (ShortLivedLocals): its uses end before the next await.
                        int end = i + 1;
                        while (end < all.size() && !m.hasAwait(all.get(end))) {
                            end++;
                        }
                        keptLocal(p, (VariableTree) all.get(i), all.subList(i + 1, end));
                        i = end - 1;
                        if (end >= tail) {
                            tail = all.size(); // the uses ran to the block's end: no tail left
                        }
                        continue;
                    }
                    stmt(new TreePath(p, all.get(i)));
                }
                blockTail(p, all.subList(tail, all.size()));
                clearScope(all);
                return;
            }
            case VARIABLE: {
                VariableTree v = (VariableTree) s;
                if (!cx.fieldOf.containsKey(v)) {
                    // Short-lived (ShortLivedLocals): the last use of a switch group's local is its
                    // declaration. (A block's are lowered with their uses, above.)
                    keptLocal(p.getParentPath(), v, List.of());
                    return;
                }
                assignHoisted(p, v);
                return;
            }
            case EXPRESSION_STATEMENT: {
                TreePath ep = new TreePath(p, ((ExpressionStatementTree) s).getExpression());
                if (ep.getLeaf() instanceof AssignmentTree
                        && ((AssignmentTree) ep.getLeaf()).getExpression() instanceof com.sun.source.tree.SwitchExpressionTree
                        && JavaPrinter.unparen(((AssignmentTree) ep.getLeaf()).getVariable()) instanceof IdentifierTree
                        && lookup.localDeclaration(ep, ((IdentifierTree) JavaPrinter.unparen(
                                ((AssignmentTree) ep.getLeaf()).getVariable())).getName()) != null) {
                    AssignmentTree a = (AssignmentTree) ep.getLeaf();
                    CodeBlock target = printer.printExpression(new TreePath(ep, a.getVariable())).code;
                    switches.lowerInto(new TreePath(ep, a.getExpression()), target, null);
                    return;
                }
                expressionStatement(ep);
                return;
            }
            case RETURN:
                lowerReturn(p, (ReturnTree) s);
                return;
            case THROW: {
                Expr e = expr.lower(new TreePath(p, ((ThrowTree) s).getExpression()));
                emitTerminal(e, CodeBlock.of("throw $L;\n", e.code));
                return;
            }
            case IF:
                lowerIf(p, (IfTree) s);
                return;
            case WHILE_LOOP:
                lowerWhile(p, (WhileLoopTree) s, null);
                return;
            case DO_WHILE_LOOP:
                lowerDo(p, (DoWhileLoopTree) s, null);
                return;
            case FOR_LOOP:
                lowerFor(p, (ForLoopTree) s, null);
                return;
            case ENHANCED_FOR_LOOP:
                lowerForEach(p, (EnhancedForLoopTree) s, null);
                return;
            case LABELED_STATEMENT:
                lowerLabeled(p, (LabeledStatementTree) s);
                return;
            case SWITCH:
                switches.lowerStatement(p, (SwitchTree) s);
                return;
            case TRY:
                lowerTry(p, (TryTree) s);
                return;
            case YIELD: {
                StateBuilder.YieldScope y = states.yields.peek();
                if (y == null) {
                    throw cx.fail(s, "jawait: internal error: yield outside a switch expression");
                }
                TreePath value = new TreePath(p, ((com.sun.source.tree.YieldTree) s).getValue());
                Expr e = expr.lower(value);
                emitTerminal(e, CodeBlock.builder().add(y.store(value, e.code))
                        .add(states.jumpCode(y.exit, y.finallyDepth)).build());
                return;
            }
            case ASSERT:
                lowerAssert(p, (com.sun.source.tree.AssertTree) s);
                return;
            case SYNCHRONIZED:
                throw cx.fail(s, "jawait: await inside synchronized is not allowed: the lock would be held"
                        + " across a suspension (and released on another thread)");
            default:
                throw cx.fail(s, "jawait: an await inside " + s.getKind() + " is not supported yet");
        }
    }

    /**
     * Lowers statement expression {@code ep} (of an expression statement, or the rule of a switch
     * statement) and emits it as a statement: with a {@code ;}, unless the printer made it a block.
     */
    void expressionStatement(TreePath ep) {
        printer.printedAsBlock = false;
        Expr e = expr.lower(ep);
        emitStatement(e, CodeBlock.of(printer.printedAsBlock ? "$L\n" : "$L;\n", e.code));
        printer.printedAsBlock = false;
    }

    /** Emits a statement whose text came from lowered expressions, with their snapshots first. */
    void emitStatement(Expr e, CodeBlock statement) {
        for (CodeBlock pre : e.prelude) {
            states.emit(pre);
        }
        states.emit(statement);
        clearTemps();
    }

    /** Emits a statement that does not complete normally (return, throw, jump). */
    void emitTerminal(Expr e, CodeBlock statement) {
        for (CodeBlock pre : e.prelude) {
            states.emit(pre);
        }
        states.emit(statement);
        temps.tempsInStatement = temps.tempFloor; // overwritten by the next use, dropped on completion
        states.cur = null;
    }

    private void clearTemps() {
        for (int i = temps.tempFloor; i < temps.tempsInStatement; i++) {
            if (!temps.primitiveTemps.get(i)) {
                states.emit("this.tmp$$$L = null;\n", i);
            }
        }
        temps.tempsInStatement = temps.tempFloor;
    }

    /**
     * The statements after a block's last await. They are copied into the state that goes on
     * after the block, so locals they declare are braced: they end with the block in the source,
     * and the code that follows may declare the same names again.
     */
    private void blockTail(TreePath block, List<? extends StatementTree> tail) {
        boolean declares = false;
        for (StatementTree t : tail) {
            declares |= t instanceof VariableTree && !cx.fieldOf.containsKey(t)
                    || t instanceof ClassTree && !isHoisted((ClassTree) t);
        }
        State open = states.cur;
        if (!declares || open == null) {
            stmts(block, tail);
            return;
        }
        open.code.add("{\n$>");
        stmts(block, tail);
        open.code.add("$<}\n");
    }

    /**
     * A local declared by an await that lives only until the block's next await
     * ({@code ShortLivedLocals}): after the initializer's awaits, declared as a Java local of the
     * state they resume, braced together with the statements that use it, which run in that
     * state too.
     */
    private void keptLocal(TreePath block, VariableTree v, List<? extends StatementTree> uses) {
        TreePath vp = new TreePath(block, v);
        states.lastComment = commentFor(v);
        temps.tempsInStatement = temps.tempFloor;
        Expr e = expr.lower(new TreePath(vp, v.getInitializer()));
        State open = states.cur;
        if (open == null) {
            return; // the initializer does not complete normally
        }
        CodeBlock.Builder head = CodeBlock.builder();
        for (AnnotationTree a : v.getModifiers().getAnnotations()) {
            head.add("$L ", printer.printExpression(new TreePath(new TreePath(vp, v.getModifiers()), a)).code);
        }
        if (v.getModifiers().getFlags().contains(Modifier.FINAL)) {
            head.add("final ");
        }
        head.add(TypeWritability.writesItsType(v, cx.positions, m.unit)
                ? printer.printExpression(new TreePath(vp, v.getType())).code : CodeBlock.of("var"));
        open.code.add("{\n$>");
        emitStatement(e, CodeBlock.of("$L $L = $L;\n", head.build(), v.getName(), e.code));
        stmts(block, uses);
        open.code.add("$<}\n");
    }

    /** Whether the local class {@code c} becomes a member class of the machine. */
    private boolean isHoisted(ClassTree c) {
        return cx.hoistedClasses.get(c.getSimpleName().toString()) == c;
    }

    /** A statement without awaits: copied into the current state. */
    private void plain(TreePath p) {
        StatementTree s = (StatementTree) p.getLeaf();
        if (s instanceof VariableTree && cx.fieldOf.containsKey(s)) {
            assignHoisted(p, (VariableTree) s);
            return;
        }
        if (s instanceof ClassTree && isHoisted((ClassTree) s)) {
            cx.ir.memberClasses.put(((ClassTree) s).getSimpleName().toString(), printer.hoistedClass(p));
            return;
        }
        Expr pr = printer.printStatement(p);
        for (CodeBlock pre : pr.prelude) {
            states.emit(pre);
        }
        states.emit(pr.code);
        states.emit("\n");
        if (!Reachability.completesNormally(s, this::isConstantTrue)) {
            states.cur = null;
        }
    }

    private void assignHoisted(TreePath p, VariableTree v) {
        if (v.getInitializer() == null) {
            return;
        }
        TreePath ip = new TreePath(p, v.getInitializer());
        if (v.getInitializer() instanceof com.sun.source.tree.SwitchExpressionTree && m.hasAwait(v.getInitializer())) {
            switches.lowerInto(ip, CodeBlock.of("this.$L", cx.fieldOf.get(v)), null);
            return;
        }
        Expr e;
        if (v.getInitializer() instanceof NewArrayTree && ((NewArrayTree) v.getInitializer()).getType() == null) {
            Expr inner = expr.lower(ip);
            e = new Expr(CodeBlock.of("new $T$L", LocalClasses.typeName(cx.fieldType.get(v)), inner.code), inner.prelude);
        } else {
            e = expr.lower(ip);
        }
        emitStatement(e, CodeBlock.of("this.$L = $L;\n", cx.fieldOf.get(v), e.code));
    }

    /** Clears the reference fields of hoisted locals declared directly in a finished block. */
    void clearScope(List<? extends Tree> declarations) {
        Set<String> cleared = new HashSet<>(); // locals that share a field (SharedFields) clear it once
        for (Tree t : declarations) {
            if (t instanceof VariableTree && m.hoisted.containsKey(t) && cleared.add(cx.fieldOf.get(t))) {
                clearField((VariableTree) t);
            }
        }
    }

    void clearField(VariableTree v) {
        TypeMirror t = cx.fieldType.get(v);
        if (t != null && !t.getKind().isPrimitive() && cx.fieldOf.containsKey(v)) {
            states.emit("this.$L = null;\n", cx.fieldOf.get(v));
        }
    }

    private void lowerReturn(TreePath p, ReturnTree r) {
        ExpressionTree value = states.readyValue(r.getExpression());
        if (value != null) {
            Expr e = expr.lower(new TreePath(new TreePath(p, r.getExpression()), value));
            emitTerminal(e, states.returnCode(r, p, e.code, true));
        } else {
            Expr e = expr.lower(new TreePath(p, r.getExpression()));
            emitTerminal(e, states.returnCode(r, p, e.code, false));
        }
    }

    private void lowerIf(TreePath p, IfTree s) {
        Expr c = expr.lower(new TreePath(p, JavaPrinter.unparen(s.getCondition())));
        for (CodeBlock pre : c.prelude) {
            states.emit(pre);
        }
        State after = states.newState();
        if (s.getElseStatement() == null) {
            // `if (true) S`: JLS 14.22 calls what follows reachable even when S never completes,
            // so javac checks it in the user's method and compiles nothing of it there; copied
            // into a state of its own it would be live code (and javac 17 miscompiles some of it).
            boolean alwaysTaken = c.prelude.isEmpty() && isConstantTrue(s.getCondition());
            if (!alwaysTaken) {
                states.emit("if (!($L)) {\n$>this.state = $L;\ncontinue $L;\n$<}\n", c.code, after, LOOP);
            }
            clearTemps();
            stmt(new TreePath(p, s.getThenStatement()));
            if (states.cur != null) {
                states.goTo(after);
            } else if (alwaysTaken) {
                return; // the rest of the block is dead: leave it out of the machine
            }
        } else {
            State otherwise = states.newState(commentFor(s.getElseStatement()));
            states.emit("if (!($L)) {\n$>this.state = $L;\ncontinue $L;\n$<}\n", c.code, otherwise, LOOP);
            clearTemps();
            stmt(new TreePath(p, s.getThenStatement()));
            if (states.cur != null) {
                states.goTo(after);
            }
            states.place(otherwise);
            clearTemps();
            stmt(new TreePath(p, s.getElseStatement()));
            if (states.cur != null) {
                states.goTo(after);
            }
        }
        states.place(after);
    }

    /**
     * {@code assert cond : detail} with an await (JLS 14.10): nothing is evaluated unless
     * assertions are enabled for the user's class; the detail only when the condition is false,
     * passed to the {@code AssertionError} constructor that javac picks for its type.
     */
    private void lowerAssert(TreePath p, com.sun.source.tree.AssertTree a) {
        State after = states.newState();
        State failed = states.newState(commentFor(a) + " (failed)");
        states.emit("if (!$L) {\n$>this.state = $L;\ncontinue $L;\n$<}\n", cx.assertionsFlag(), after, LOOP);
        testOrExit(p, a.getCondition(), failed);
        states.goTo(after);
        states.place(failed);
        if (a.getDetail() == null) {
            states.emit("throw new $T();\n", AssertionError.class);
            states.cur = null;
        } else {
            Expr d = expr.lower(new TreePath(p, a.getDetail()));
            emitTerminal(d, CodeBlock.of("throw new $T($L);\n", AssertionError.class, d.code));
        }
        states.place(after);
    }

    private void lowerWhile(TreePath p, WhileLoopTree s, Name label) {
        State cond = states.newState(commentFor(s));
        states.goTo(cond);
        states.place(cond);
        State exit = states.newState();
        testOrExit(p, s.getCondition(), exit);
        states.jumps.push(new StateBuilder.JumpScope(label, true, true, exit, cond, states.finallies.size()));
        stmt(new TreePath(p, s.getStatement()));
        states.jumps.pop();
        if (states.cur != null) {
            states.goTo(cond);
        }
        states.place(exit);
    }

    /** Emits {@code if (!(cond)) goto exit;} (nothing for a constant true condition). */
    private void testOrExit(TreePath p, ExpressionTree condition, State exit) {
        if (condition == null || isConstantTrue(condition)) {
            return;
        }
        temps.tempsInStatement = temps.tempFloor;
        Expr c = expr.lower(new TreePath(p, JavaPrinter.unparen(condition)));
        for (CodeBlock pre : c.prelude) {
            states.emit(pre);
        }
        int used = temps.tempsInStatement;
        temps.tempsInStatement = temps.tempFloor;
        states.emit("if (!($L)) {\n$>", c.code);
        temps.tempsInStatement = used;
        clearTemps();
        states.emit("this.state = $L;\ncontinue $L;\n$<}\n", exit, LOOP);
        temps.tempsInStatement = used;
        clearTemps();
    }

    private void lowerDo(TreePath p, DoWhileLoopTree s, Name label) {
        State body = states.newState(commentFor(s));
        states.goTo(body);
        states.place(body);
        State cond = states.newState(commentFor(s.getCondition()));
        State exit = states.newState();
        states.jumps.push(new StateBuilder.JumpScope(label, true, true, exit, cond, states.finallies.size()));
        stmt(new TreePath(p, s.getStatement()));
        states.jumps.pop();
        if (states.cur != null) {
            states.goTo(cond);
        }
        states.place(cond);
        states.lastComment = cond.comment;
        testOrExit(p, s.getCondition(), exit);
        states.goTo(body);
        states.place(exit);
    }

    private void lowerFor(TreePath p, ForLoopTree s, Name label) {
        for (StatementTree init : s.getInitializer()) {
            stmt(new TreePath(p, init));
        }
        State cond = states.newState(commentFor(s));
        states.goTo(cond);
        states.place(cond);
        State exit = states.newState();
        testOrExit(p, s.getCondition(), exit);
        State update = states.newState("for update");
        states.jumps.push(new StateBuilder.JumpScope(label, true, true, exit, update, states.finallies.size()));
        stmt(new TreePath(p, s.getStatement()));
        states.jumps.pop();
        if (states.cur != null) {
            states.goTo(update);
        }
        states.place(update);
        for (ExpressionStatementTree u : s.getUpdate()) {
            stmt(new TreePath(p, u));
        }
        states.goTo(cond);
        states.place(exit);
        clearScope(s.getInitializer());
    }

    private void lowerForEach(TreePath p, EnhancedForLoopTree s, Name label) {
        TreePath ep = new TreePath(p, s.getExpression());
        if (!m.hasAwait(s.getStatement())) {
            // Only the iterated expression awaits: evaluate it, then run the loop as it is.
            Expr e = expr.lower(ep);
            printer.overrides.put(s.getExpression(), e.code);
            // Keep the label: 'break L' / 'continue L' in the body must still find their loop.
            Expr pr = printer.printStatement(label != null ? p.getParentPath() : p);
            printer.overrides.remove(s.getExpression());
            emitStatement(e.with(pr.prelude), CodeBlock.of("$L\n", pr.code));
            return;
        }
        TypeMirror arrayType = exact.of(ep);
        if (arrayType != null && arrayType.getKind() == TypeKind.ARRAY && fields.unnameable(arrayType) == null) {
            lowerForEachArray(p, s, label, (ArrayType) arrayType);
            return;
        }
        String iter = "iterator$" + iterCount++;
        cx.addField(iter, ParameterizedTypeName.get(ClassName.get(java.util.Iterator.class), WildcardTypeName.subtypeOf(Object.class)));
        Expr e = expr.lower(ep);
        emitStatement(e, CodeBlock.of("this.$L = $T.iterate($L);\n", iter, MACHINES, e.code));
        forEachLoop(p, s, label, iter, CodeBlock.of("!this.$L.hasNext()", iter),
                CodeBlock.of("$T.next(this.$L, false ? $L : null)", MACHINES, iter, printer.witness(ep)));
    }

    /**
     * An enhanced {@code for} over an array of known type, as JLS 14.14.2 expands it: the array
     * is evaluated once into a field of its own type, then read by index (no iterator, no boxing).
     */
    private void lowerForEachArray(TreePath p, EnhancedForLoopTree s, Name label, ArrayType type) {
        int n = iterCount++;
        String array = "array$" + n;
        String index = "index$" + n;
        cx.addField(array, TypeName.get(type));
        cx.addField(index, TypeName.INT);
        Expr e = expr.lower(new TreePath(p, s.getExpression()));
        emitStatement(e, CodeBlock.of("this.$L = $L;\nthis.$L = 0;\n", array, e.code, index));
        forEachLoop(p, s, label, array, CodeBlock.of("this.$L >= this.$L.length", index, array),
                CodeBlock.of("this.$L[this.$L++]", array, index));
    }

    /**
     * The loop of an enhanced {@code for} whose source ({@code cursor}: an iterator or an array
     * field) is set: while not {@code exhausted}, assigns {@code next} to the loop variable and runs
     * the body; the cursor is dropped when the loop ends.
     */
    private void forEachLoop(TreePath p, EnhancedForLoopTree s, Name label, String cursor, CodeBlock exhausted,
            CodeBlock next) {
        State head = states.newState(commentFor(s));
        states.goTo(head);
        states.place(head);
        State exit = states.newState();
        states.emit("if ($L) {\n$>this.$L = null;\nthis.state = $L;\ncontinue $L;\n$<}\n", exhausted, cursor, exit, LOOP);
        VariableTree v = s.getVariable();
        String field = cx.fieldOf.get(v);
        if (field == null) {
            throw cx.fail(v, "jawait: internal error: loop variable not hoisted");
        }
        states.emit("this.$L = $L;\n", field, next);
        states.jumps.push(new StateBuilder.JumpScope(label, true, true, exit, head, states.finallies.size()));
        stmt(new TreePath(p, s.getStatement()));
        states.jumps.pop();
        if (states.cur != null) {
            states.goTo(head);
        }
        states.place(exit);
        states.emit("this.$L = null;\n", cursor);
        clearField(v);
    }

    private void lowerLabeled(TreePath p, LabeledStatementTree s) {
        TreePath bp = new TreePath(p, s.getStatement());
        switch (s.getStatement().getKind()) {
            case WHILE_LOOP:
                lowerWhile(bp, (WhileLoopTree) s.getStatement(), s.getLabel());
                return;
            case DO_WHILE_LOOP:
                lowerDo(bp, (DoWhileLoopTree) s.getStatement(), s.getLabel());
                return;
            case FOR_LOOP:
                lowerFor(bp, (ForLoopTree) s.getStatement(), s.getLabel());
                return;
            case ENHANCED_FOR_LOOP:
                lowerForEach(bp, (EnhancedForLoopTree) s.getStatement(), s.getLabel());
                return;
            default:
                State after = states.newState();
                states.jumps.push(new StateBuilder.JumpScope(s.getLabel(), false, false, after, null, states.finallies.size()));
                stmt(bp);
                states.jumps.pop();
                if (states.cur != null) {
                    states.goTo(after);
                }
                states.place(after);
        }
    }

    /** A finally (or a resource's close) entered at {@code entry}, with its two machine fields. */
    private Finally newFinally(State entry, boolean runsUserCode) {
        int n = finallyCount++;
        Finally fin = new Finally(entry, "pendingThrow$" + n, "pendingJump$" + n, runsUserCode);
        cx.addField(fin.pendingThrow, ClassName.get(Throwable.class));
        cx.addField(fin.pendingJump, TypeName.INT);
        return fin;
    }

    private void lowerTry(TreePath p, TryTree t) {
        Handler outer = states.handler;
        String comment = commentFor(t);
        Finally fin = null;
        StateBuilder.FinallyScope fs = null;
        State after = states.newState("after " + comment);
        if (t.getFinallyBlock() != null) {
            Handler saved = states.handler;
            State entry = states.newState("finally of " + comment);
            states.handler = saved;
            fin = newFinally(entry, true);
            fs = new StateBuilder.FinallyScope(fin);
        }
        int depthOutside = states.finallies.size();
        List<Catch> catches = new ArrayList<>();
        List<State> catchEntries = new ArrayList<>();
        Handler catchPart = fin != null ? new Handler(List.of(), fin, outer, "catch blocks of " + comment) : outer;
        for (CatchTree c : t.getCatches()) {
            states.handler = catchPart;
            State e = states.newState(commentFor(c));
            catchEntries.add(e);
            catches.add(new Catch(exact.catchTypes(c), e));
            needsCaught = true;
        }
        states.handler = new Handler(catches, fin, outer, comment);
        if (fs != null) {
            states.finallies.add(fs);
        }
        State body = states.newState(comment);
        states.goTo(body);
        states.place(body);
        lowerResources(p, t, 0);
        if (states.cur != null) {
            states.emit(states.jumpCode(after, depthOutside));
            states.cur = null;
        }
        states.handler = catchPart;
        for (int i = 0; i < t.getCatches().size(); i++) {
            CatchTree c = t.getCatches().get(i);
            TreePath cp = new TreePath(p, c);
            states.place(catchEntries.get(i));
            VariableTree param = c.getParameter();
            TypeName type = TypeName.get(exact.catchParamType(param));
            if (cx.fieldOf.containsKey(param)) {
                states.emit("this.$L = ($T) this.caught;\nthis.caught = null;\n", cx.fieldOf.get(param), type);
            } else {
                states.emit("$T $L = ($T) this.caught;\nthis.caught = null;\n", type, param.getName(), type);
            }
            stmt(new TreePath(cp, c.getBlock()));
            if (states.cur != null) {
                clearField(param);
                states.emit(states.jumpCode(after, depthOutside));
                states.cur = null;
            }
        }
        if (fs != null) {
            states.finallies.remove(states.finallies.size() - 1);
        }
        states.handler = outer;
        if (fin != null) {
            states.place(fin.entry);
            String keptResult = keepResultAcross(t.getFinallyBlock(), fin);
            stmt(new TreePath(p, t.getFinallyBlock()));
            if (states.cur != null) {
                if (keptResult != null) {
                    states.emit("// a return that entered this finally resumes with its own value\n"
                            + "this.result$$ = this.resultBeforeFinally$L;\nthis.resultFuture$$ = this.resultFutureBeforeFinally$L;\n",
                            keptResult, keptResult);
                }
                states.emit("if (this.$L != null) {\n$>Throwable pending = this.$L;\nthis.$L = null;\nthrow pending;\n$<}\n",
                        fin.pendingThrow, fin.pendingThrow, fin.pendingThrow);
                states.replayJump(fs);
            }
        }
        states.place(after);
    }

    /**
     * A return that entered this finally has stored its value in {@code result$}. A return inside
     * the finally block stores its own there, and if that return is then abandoned (a
     * {@code close} that throws and is caught, a {@code break} out of an inner finally) the finally
     * completes normally and the first return resumes (JLS 14.20.2), with its own value. So when
     * the block holds such a return, the value is copied aside at the entry (emitted here) and put
     * back at the block's normal end, by the caller.
     *
     * @return the suffix of the copy's fields ({@code $n}, as this finally's other fields), or
     *     {@code null} when the block cannot abandon a return
     */
    private String keepResultAcross(BlockTree finallyBlock, Finally fin) {
        if (states.returnViaFinally == null || !holdsAbandonableReturn(finallyBlock)) {
            return null;
        }
        String suffix = fin.pendingJump.substring(fin.pendingJump.indexOf('$'));
        TypeName rt = TypeName.get(m.resultType);
        cx.addField("resultBeforeFinally" + suffix, rt);
        cx.addField("resultFutureBeforeFinally" + suffix, ParameterizedTypeName.get(ClassName.get("dev.jawait", "Future"), rt));
        states.emit("// kept aside: a return inside this block may store its value, then be abandoned\n"
                + "this.resultBeforeFinally$L = this.result$$;\nthis.resultFutureBeforeFinally$L = this.resultFuture$$;\n",
                suffix, suffix);
        return suffix;
    }

    /** Whether {@code block} has a return inside a try of its own that has a finally or resources. */
    private static boolean holdsAbandonableReturn(BlockTree block) {
        Boolean found = new TreeScanner<Boolean, Boolean>() {
            @Override
            public Boolean visitTry(TryTree t, Boolean guarded) {
                boolean inner = guarded || t.getFinallyBlock() != null || !t.getResources().isEmpty();
                return or(scan(t.getResources(), guarded), or(scan(t.getBlock(), inner), or(scan(t.getCatches(), inner),
                        scan(t.getFinallyBlock(), guarded))));
            }

            @Override
            public Boolean visitReturn(ReturnTree r, Boolean guarded) {
                return guarded;
            }

            @Override
            public Boolean visitLambdaExpression(LambdaExpressionTree l, Boolean guarded) {
                return false; // its returns are its own
            }

            @Override
            public Boolean visitClass(ClassTree c, Boolean guarded) {
                return false;
            }

            @Override
            public Boolean reduce(Boolean a, Boolean b) {
                return or(a, b);
            }

            private Boolean or(Boolean a, Boolean b) {
                return Boolean.TRUE.equals(a) || Boolean.TRUE.equals(b);
            }
        }.scan(block, false);
        return Boolean.TRUE.equals(found);
    }

    /**
     * The resources of a try-with-resources, as JLS 14.20.3.1 expands them: resource {@code i} is
     * initialised, then everything after it (later resources and the block) runs in a region whose
     * "finally" closes it, adding a failure of {@code close} to the primary exception as suppressed.
     */
    private void lowerResources(TreePath p, TryTree t, int i) {
        if (i == t.getResources().size()) {
            stmt(new TreePath(p, t.getBlock()));
            return;
        }
        Tree r = t.getResources().get(i);
        TreePath rp = new TreePath(p, r);
        String field;
        String name;
        if (r instanceof VariableTree) {
            VariableTree v = (VariableTree) r;
            field = cx.fieldOf.get(v);
            if (field == null) {
                throw cx.fail(r, "jawait: internal error: resource variable not hoisted");
            }
            name = v.getName().toString();
            assignHoisted(rp, v);
        } else {
            field = "resource$" + iterCount++;
            cx.addField(field, ClassName.get(AutoCloseable.class));
            name = r.toString();
            Expr e = expr.lower(rp);
            emitStatement(e, CodeBlock.of("this.$L = $L;\n", field, e.code));
        }
        State close = states.newState("close " + name);
        Finally fin = newFinally(close, false);
        StateBuilder.FinallyScope fs = new StateBuilder.FinallyScope(fin);
        Handler outer = states.handler;
        int depthOutside = states.finallies.size();
        State after = states.newState("after closing " + name);
        states.handler = new Handler(List.of(), fin, outer, "resource " + name);
        states.finallies.add(fs);
        State inner = states.newState();
        states.goTo(inner);
        states.place(inner);
        lowerResources(p, t, i + 1);
        if (states.cur != null) {
            states.emit(states.jumpCode(after, depthOutside));
            states.cur = null;
        }
        states.finallies.remove(states.finallies.size() - 1);
        states.handler = outer;
        states.place(close);
        states.emit("Throwable failure = $T.closeResource(this.$L, this.$L);\nthis.$L = null;\nthis.$L = null;\n"
                + "if (failure != null) {\n$>throw failure;\n$<}\n", MACHINES, field, fin.pendingThrow,
                fin.pendingThrow, field);
        states.replayJump(fs);
        states.place(after);
    }

    private boolean isConstantTrue(ExpressionTree e) {
        e = JavaPrinter.unparen(e);
        if (e.getKind() == Tree.Kind.BOOLEAN_LITERAL) {
            return Boolean.TRUE.equals(((com.sun.source.tree.LiteralTree) e).getValue());
        }
        if (e instanceof IdentifierTree) {
            VariableElement f = lookup.fieldNamed(((IdentifierTree) e).getName().toString());
            return f != null && Boolean.TRUE.equals(f.getConstantValue());
        }
        return false;
    }
}
