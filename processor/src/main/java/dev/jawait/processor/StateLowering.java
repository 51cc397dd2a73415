package dev.jawait.processor;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.WildcardTypeName;
import com.sun.source.tree.ArrayAccessTree;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.BinaryTree;
import com.sun.source.tree.BlockTree;
import com.sun.source.tree.CaseTree;
import com.sun.source.tree.CatchTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompoundAssignmentTree;
import com.sun.source.tree.ConditionalExpressionTree;
import com.sun.source.tree.DoWhileLoopTree;
import com.sun.source.tree.EnhancedForLoopTree;
import com.sun.source.tree.ExpressionStatementTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.ForLoopTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.IfTree;
import com.sun.source.tree.InstanceOfTree;
import com.sun.source.tree.LabeledStatementTree;
import com.sun.source.tree.LineMap;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.NewArrayTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.ReturnTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.SwitchTree;
import com.sun.source.tree.ThrowTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TryTree;
import com.sun.source.tree.TypeCastTree;
import com.sun.source.tree.UnaryTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.tree.WhileLoopTree;
import com.sun.source.util.SourcePositions;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreeScanner;
import com.sun.source.util.Trees;
import dev.jawait.processor.MachineIr.Catch;
import dev.jawait.processor.MachineIr.Field;
import dev.jawait.processor.MachineIr.Finally;
import dev.jawait.processor.MachineIr.Handler;
import dev.jawait.processor.MachineIr.State;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.Name;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.UnionType;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * The lower pass: turns the body of an {@code @Async} method into {@link MachineIr} states.
 *
 * <p>Statements without an await are copied as they are (through {@link JavaPrinter}, with names
 * rewritten) into the current state. A statement with an await is exploded: loops, {@code if},
 * {@code switch}, labels and {@code try} become states and jumps; an expression with an await is
 * evaluated in Java's order, spilling the operands evaluated before the await into temporaries
 * (JLS 15.7), then the await stores the child and moves to its resume state, which polls the
 * child in place. Exceptions reach the catch / finally states through the handler of the state
 * that threw; {@code finally} blocks replay a pending completion (an exception or a jump).
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
    private static final ClassName MACHINES = ClassName.get("dev.jawait.machine", "Machines");
    private static final ClassName POLL = ClassName.get("dev.jawait", "Poll");
    private static final ClassName CONCAT = ClassName.get("dev.jawait.machine", "ConcatOperand");

    private final LoweringContext cx;
    private final MemberLookup lookup;
    private final ExactTypes exact;
    private final MemberHandles handles;
    private final AsyncMethod m;
    private final Trees trees;
    private final Types types;
    private final Elements elements;
    private final SourcePositions positions;
    private final MachineIr ir;
    private final BodyPrinter printer;
    private final StateBuilder states;

    private final Map<VariableTree, String> fieldOf;
    private final Map<VariableTree, TypeMirror> fieldType;
    private final Map<String, TypeName> paramFields = new LinkedHashMap<>();
    private int tempsInStatement;
    /**
     * The first statement temporary the current statement may use: above zero inside the arms of
     * a switch expression, whose statements must keep the operands spilled before it.
     */
    private int tempFloor;
    /** Indices (below {@link #tempsInStatement}) of the current statement's primitive temporaries. */
    private final java.util.BitSet primitiveTemps = new java.util.BitSet();
    /** Indices of the {@code Object} temporaries any statement used: the {@code tmp$N} fields to declare. */
    private final java.util.BitSet objectTemps = new java.util.BitSet();
    private int condTemps;
    private int finallyCount;
    private int iterCount;
    private boolean needsCaught;
    private final String machineThis;
    /** Local classes whose uses span states: member classes of the machine (see {@link LocalClasses}). */
    private final Map<String, ClassTree> hoistedClasses;

    StateLowering(AsyncMethod m, ProcessingEnvironment env, Trees trees) {
        this.cx = new LoweringContext(m, env, trees);
        this.m = m;
        this.trees = trees;
        this.types = cx.types;
        this.elements = cx.elements;
        this.positions = cx.positions;
        this.ir = cx.ir;
        this.fieldOf = cx.fieldOf;
        this.fieldType = cx.fieldType;
        this.hoistedClasses = cx.hoistedClasses;
        this.machineThis = cx.machineThis;
        this.lookup = new MemberLookup(m, elements);
        this.exact = new ExactTypes(cx, lookup);
        this.handles = new MemberHandles(cx);
        this.states = new StateBuilder(cx);
        this.printer = new BodyPrinter(cx, lookup, exact, handles, states);
    }

    /**
     * The values of a switch expression lowered as an operand, each kept with the type of the
     * expression that yields it: the result is read back as a switch over which one yielded,
     * {@code switch (this.switch$0$arm) { case 0 -> <read back 0>; ... }}, which javac types in the
     * original context exactly as the source (JLS 15.28.1: a poly expression converts each result
     * to the target on its own; a standalone one promotes them together). One field holds a
     * reference result; a primitive one has a field of its type.
     */
    final class Arms {
        final String field;
        final String armField;
        final TreePath sw;
        final List<CodeBlock> readBacks = new ArrayList<>();

        Arms(String field, TreePath sw) {
            this.field = field;
            this.sw = sw;
            this.armField = field + "$arm";
            cx.addField(armField, TypeName.INT);
        }

        CodeBlock store(TreePath valuePath, CodeBlock value) {
            int arm = readBacks.size();
            TypeMirror type = exact.of(valuePath);
            String into = field;
            if (type != null && type.getKind().isPrimitive()) {
                into = field + "$" + type.getKind().name().toLowerCase(java.util.Locale.ROOT);
                cx.addField(into, TypeName.get(type));
                readBacks.add(CodeBlock.of("this.$L", into));
            } else if (type != null && exact.unboxed(type) != null) {
                readBacks.add(CodeBlock.of("(($T) this.$L)", TypeName.get(type), field));
            } else {
                readBacks.add(CodeBlock.of("$T.typed(this.$L, false ? $L : null)", MACHINES, field,
                        printer.witness(valuePath, innerLocals(valuePath, sw))));
            }
            return CodeBlock.of("this.$L = $L;\nthis.$L = $L;\n", into, value, armField, arm);
        }

        CodeBlock readBack() {
            CodeBlock.Builder b = CodeBlock.builder().add("switch (this.$L) {\n$>", armField);
            int last = readBacks.size() - 1;
            for (int i = 0; i < last; i++) {
                b.add("case $L -> $L;\n", i, readBacks.get(i));
            }
            b.add("default -> $L;\n", readBacks.get(last));
            return b.add("$<}").build();
        }
    }


    /** Lowers the method; returns null after reporting an error. */
    MachineIr lower() {
        try {
            for (ClassTree c : LocalClasses.toHoist(m)) {
                if (hoistedClasses.putIfAbsent(c.getSimpleName().toString(), c) != null) {
                    throw cx.fail(c, "jawait: this method declares two local classes named " + c.getSimpleName()
                            + " whose uses span awaits; both become members of the generated machine,"
                            + " so rename one");
                }
            }
            for (ClassTree c : hoistedClasses.values()) {
                Set<String> inner = new HashSet<>();
                for (ClassTree h : hoistedClasses.values()) {
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
            declareFields();
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
                        + "this.resultFuture$$ = null;\nstate = $L;\ncontinue $L;\n$<}\n"
                        + "return $T.ready(this.result$$);\n", states.returnAwait(), LOOP, POLL);
            }
            if (states.returnAwait != null) {
                states.place(states.returnAwait);
                states.emit(pollChild());
                states.emit("return $T.ready(this.<$T>awaitedValue($L));\n", POLL, TypeName.get(m.resultType), READY);
            }
            states.endJump(null);
            for (int i = objectTemps.nextSetBit(0); i >= 0; i = objectTemps.nextSetBit(i + 1)) {
                cx.addField("tmp$" + i, ClassName.OBJECT);
            }
            if (needsCaught) {
                cx.addField("caught", ClassName.get(Throwable.class));
            }
            ir.redirectStatement = redirect();
            return ir;
        } catch (JavaPrinter.Unsupported e) {
            trees.printMessage(javax.tools.Diagnostic.Kind.ERROR, e.getMessage(), e.tree, m.unit);
            return null;
        } catch (Failed e) {
            return null;
        }
    }

    // ---- fields -------------------------------------------------------------------------

    private void declareFields() {
        for (int i = 0; i < m.instances.size(); i++) {
            TypeElement c = m.instances.get(i);
            if (unnameable(c.asType()) != null) {
                throw cx.fail(m.tree, "jawait: an @Async instance method needs its class to be nameable from the"
                        + " generated state machine (a separate class in package " + m.packageName + "), but "
                        + c.getQualifiedName() + " is " + unnameable(c.asType()) + "; make it package-private");
            }
            Field f = new Field(instanceField(i), TypeName.get(c.asType()), false, false, null);
            ir.fields.add(f);
            ir.constructorParams.add(f);
            cx.fieldNames.add(f.name);
        }
        Set<String> typeVariables = new HashSet<>();
        for (com.palantir.javapoet.TypeVariableName tv : MachineEmitter.typeVariables(m)) {
            if (!typeVariables.add(tv.name())) {
                throw cx.fail(m.tree, "jawait: the type parameter " + tv.name() + " of this @Async method hides a"
                        + " type parameter of its class; the generated machine needs both, so rename one");
            }
        }
        for (VariableElement p : m.method.getParameters()) {
            checkNameable(p.asType(), m.tree);
            String name = cx.uniqueFieldName(p.getSimpleName().toString());
            Field f = new Field(name, TypeName.get(p.asType()), false, false, null);
            ir.fields.add(f);
            ir.constructorParams.add(f);
            paramFields.put(p.getSimpleName().toString(), f.type);
        }
        for (VariableTree p : m.tree.getParameters()) {
            fieldOf.put(p, p.getName().toString());
        }
        for (int i = 0; i < m.method.getParameters().size(); i++) {
            fieldType.put(m.tree.getParameters().get(i), m.method.getParameters().get(i).asType());
        }
        for (Map.Entry<VariableTree, VariableElement> h : m.hoisted.entrySet()) {
            VariableTree decl = h.getKey();
            TypeMirror t = h.getValue().asType();
            if (t.getKind() == TypeKind.UNION) {
                t = lub((UnionType) t);
            }
            checkNameable(t, decl);
            String name = cx.uniqueFieldName(decl.getName().toString());
            fieldOf.put(decl, name);
            fieldType.put(decl, t);
            ir.fields.add(new Field(name, LocalClasses.typeName(t), false, false, null));
        }
    }

    static String instanceField(int i) {
        return i == 0 ? "self" : "outer" + i;
    }

    /** The least upper bound's class part of a multi-catch type. */
    private TypeMirror lub(UnionType u) {
        TypeMirror candidate = u.getAlternatives().get(0);
        while (true) {
            boolean all = true;
            for (TypeMirror alt : u.getAlternatives()) {
                all &= types.isAssignable(alt, candidate);
            }
            if (all) {
                return candidate;
            }
            List<? extends TypeMirror> supers = types.directSupertypes(candidate);
            candidate = supers.isEmpty() ? elements.getTypeElement("java.lang.Throwable").asType() : supers.get(0);
        }
    }

    /** Reports a type the generated class cannot write (DESIGN §2, lowering.md §6). */
    private void checkNameable(TypeMirror t, Tree at) {
        String problem = unnameable(t);
        if (problem != null) {
            throw cx.fail(at, "jawait: this value lives across an await, but its type " + t
                    + " cannot be written in the generated class (" + problem + ")."
                    + " Declare it with a type that can be written.");
        }
    }

    private String unnameable(TypeMirror t) {
        switch (t.getKind()) {
            case INTERSECTION:
                return "an intersection type";
            case ARRAY:
                return unnameable(((ArrayType) t).getComponentType());
            case TYPEVAR:
                return t.toString().contains("capture#") ? "a captured wildcard" : null;
            case WILDCARD: {
                javax.lang.model.type.WildcardType w = (javax.lang.model.type.WildcardType) t;
                if (w.getExtendsBound() != null) {
                    return unnameable(w.getExtendsBound());
                }
                return w.getSuperBound() != null ? unnameable(w.getSuperBound()) : null;
            }
            case DECLARED: {
                TypeElement e = (TypeElement) ((DeclaredType) t).asElement();
                switch (e.getNestingKind()) {
                    case ANONYMOUS:
                        return "an anonymous class";
                    case LOCAL:
                        return hoistedClasses.containsKey(e.getSimpleName().toString()) ? null : "a local class";
                    default:
                        break;
                }
                for (Element x = e; x instanceof TypeElement; x = x.getEnclosingElement()) {
                    if (x.getModifiers().contains(Modifier.PRIVATE)) {
                        return "the private class " + x.getSimpleName();
                    }
                }
                for (TypeMirror a : ((DeclaredType) t).getTypeArguments()) {
                    String p = unnameable(a);
                    if (p != null) {
                        return p;
                    }
                }
                return null;
            }
            case ERROR:
                return "it does not resolve";
            default:
                return null;
        }
    }

    // ---- statements ---------------------------------------------------------------------

    private String commentFor(Tree t) {
        long pos = positions.getStartPosition(m.unit, t);
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

    private void stmts(TreePath parent, List<? extends StatementTree> list) {
        for (StatementTree s : list) {
            if (states.cur == null) {
                return;
            }
            stmt(new TreePath(parent, s));
        }
    }

    private void stmt(TreePath p) {
        StatementTree s = (StatementTree) p.getLeaf();
        if (states.cur == null) {
            return;
        }
        if (!m.hasAwait(s)) {
            plain(p);
            return;
        }
        states.lastComment = commentFor(s);
        tempsInStatement = tempFloor;
        switch (s.getKind()) {
            case BLOCK: {
                List<? extends StatementTree> all = ((BlockTree) s).getStatements();
                int tail = all.size();
                while (tail > 0 && !m.hasAwait(all.get(tail - 1))) {
                    tail--;
                }
                stmts(p, all.subList(0, tail));
                blockTail(p, all.subList(tail, all.size()));
                clearScope(all);
                return;
            }
            case VARIABLE: {
                VariableTree v = (VariableTree) s;
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
                    lowerSwitchInto(new TreePath(ep, a.getExpression()), target);
                    return;
                }
                Expr e = lower(ep);
                emitStatement(e, CodeBlock.of("$L;\n", e.code));
                return;
            }
            case RETURN:
                lowerReturn(p, (ReturnTree) s);
                return;
            case THROW: {
                Expr e = lower(new TreePath(p, ((ThrowTree) s).getExpression()));
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
                lowerSwitch(p, (SwitchTree) s);
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
                Expr e = lower(value);
                emitTerminal(e, CodeBlock.builder().add(y.store(value, e.code))
                        .add(states.jumpCode(y.exit, y.finallyDepth)).build());
                return;
            }
            case SYNCHRONIZED:
                throw cx.fail(s, "jawait: await inside synchronized is not allowed: the lock would be held"
                        + " across a suspension (and released on another thread)");
            default:
                throw cx.fail(s, "jawait: an await inside " + s.getKind() + " is not supported yet");
        }
    }

    /** Emits a statement whose text came from lowered expressions, with their snapshots first. */
    private void emitStatement(Expr e, CodeBlock statement) {
        for (CodeBlock pre : e.prelude) {
            states.emit(pre);
        }
        states.emit(statement);
        clearTemps();
    }

    /** Emits a statement that does not complete normally (return, throw, jump). */
    private void emitTerminal(Expr e, CodeBlock statement) {
        for (CodeBlock pre : e.prelude) {
            states.emit(pre);
        }
        states.emit(statement);
        tempsInStatement = tempFloor; // overwritten by the next use, dropped on completion
        states.cur = null;
    }

    private void clearTemps() {
        for (int i = tempFloor; i < tempsInStatement; i++) {
            if (!primitiveTemps.get(i)) {
                states.emit("this.tmp$$$L = null;\n", i);
            }
        }
        tempsInStatement = tempFloor;
    }

    /**
     * The statements after a block's last await. They are copied into the state that goes on
     * after the block, so locals they declare are braced: they end with the block in the source,
     * and the code that follows may declare the same names again.
     */
    private void blockTail(TreePath block, List<? extends StatementTree> tail) {
        boolean declares = false;
        for (StatementTree t : tail) {
            declares |= t instanceof VariableTree && !fieldOf.containsKey(t)
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

    /** Whether the local class {@code c} becomes a member class of the machine. */
    private boolean isHoisted(ClassTree c) {
        return hoistedClasses.get(c.getSimpleName().toString()) == c;
    }

    /** A statement without awaits: copied into the current state. */
    private void plain(TreePath p) {
        StatementTree s = (StatementTree) p.getLeaf();
        if (s instanceof VariableTree && fieldOf.containsKey(s)) {
            assignHoisted(p, (VariableTree) s);
            return;
        }
        if (s instanceof ClassTree && isHoisted((ClassTree) s)) {
            ir.memberClasses.put(((ClassTree) s).getSimpleName().toString(), printer.hoistedClass(p));
            return;
        }
        BodyPrinter.Printed pr = printer.printStatement(p);
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
            lowerSwitchInto(ip, CodeBlock.of("this.$L", fieldOf.get(v)));
            return;
        }
        Expr e;
        if (v.getInitializer() instanceof NewArrayTree && ((NewArrayTree) v.getInitializer()).getType() == null) {
            Expr inner = lower(ip);
            e = new Expr(CodeBlock.of("new $T$L", LocalClasses.typeName(fieldType.get(v)), inner.code), inner.prelude);
        } else {
            e = lower(ip);
        }
        emitStatement(e, CodeBlock.of("this.$L = $L;\n", fieldOf.get(v), e.code));
    }

    /** Clears the reference fields of hoisted locals declared directly in a finished block. */
    private void clearScope(List<? extends Tree> declarations) {
        for (Tree t : declarations) {
            if (t instanceof VariableTree && m.hoisted.containsKey(t)) {
                clearField((VariableTree) t);
            }
        }
    }

    private void clearField(VariableTree v) {
        TypeMirror t = fieldType.get(v);
        if (t != null && !t.getKind().isPrimitive() && fieldOf.containsKey(v)) {
            states.emit("this.$L = null;\n", fieldOf.get(v));
        }
    }

    private void lowerReturn(TreePath p, ReturnTree r) {
        ExpressionTree value = states.readyValue(r.getExpression());
        if (value != null) {
            Expr e = lower(new TreePath(new TreePath(p, r.getExpression()), value));
            emitTerminal(e, states.returnCode(r, p, e.code, true));
        } else {
            Expr e = lower(new TreePath(p, r.getExpression()));
            emitTerminal(e, states.returnCode(r, p, e.code, false));
        }
    }

    private void lowerIf(TreePath p, IfTree s) {
        Expr c = lower(new TreePath(p, JavaPrinter.unparen(s.getCondition())));
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
                states.emit("if (!($L)) {\n$>state = $L;\ncontinue $L;\n$<}\n", c.code, after, LOOP);
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
            states.emit("if (!($L)) {\n$>state = $L;\ncontinue $L;\n$<}\n", c.code, otherwise, LOOP);
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
        tempsInStatement = tempFloor;
        Expr c = lower(new TreePath(p, JavaPrinter.unparen(condition)));
        for (CodeBlock pre : c.prelude) {
            states.emit(pre);
        }
        int temps = tempsInStatement;
        tempsInStatement = tempFloor;
        states.emit("if (!($L)) {\n$>", c.code);
        tempsInStatement = temps;
        clearTemps();
        states.emit("state = $L;\ncontinue $L;\n$<}\n", exit, LOOP);
        tempsInStatement = temps;
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
            Expr e = lower(ep);
            printer.overrides.put(s.getExpression(), e.code);
            // Keep the label: 'break L' / 'continue L' in the body must still find their loop.
            BodyPrinter.Printed pr = printer.printStatement(label != null ? p.getParentPath() : p);
            printer.overrides.remove(s.getExpression());
            emitStatement(e.with(pr.prelude), CodeBlock.of("$L\n", pr.code));
            return;
        }
        TypeMirror arrayType = exact.of(ep);
        if (arrayType != null && arrayType.getKind() == TypeKind.ARRAY && unnameable(arrayType) == null) {
            lowerForEachArray(p, s, label, (ArrayType) arrayType);
            return;
        }
        String iter = "iterator$" + iterCount++;
        cx.addField(iter, ParameterizedTypeName.get(ClassName.get(java.util.Iterator.class), WildcardTypeName.subtypeOf(Object.class)));
        Expr e = lower(ep);
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
        Expr e = lower(new TreePath(p, s.getExpression()));
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
        states.emit("if ($L) {\n$>this.$L = null;\nstate = $L;\ncontinue $L;\n$<}\n", exhausted, cursor, exit, LOOP);
        VariableTree v = s.getVariable();
        String field = fieldOf.get(v);
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

    /**
     * A switch expression with an await, as the whole right-hand side of a local's initialiser or
     * assignment: lowered as a switch statement whose arms and {@code yield}s assign {@code target}.
     */
    private void lowerSwitchInto(TreePath p, CodeBlock target) {
        lowerSwitchInto(p, target, null);
    }

    /** {@link #lowerSwitchInto(TreePath, CodeBlock)}, or into {@code arms} when not null. */
    private void lowerSwitchInto(TreePath p, CodeBlock target, Arms arms) {
        com.sun.source.tree.SwitchExpressionTree s = (com.sun.source.tree.SwitchExpressionTree) p.getLeaf();
        State exit = states.newState();
        states.yields.push(new StateBuilder.YieldScope(target, arms, exit, states.finallies.size()));
        try {
            lowerCases(p, s.getExpression(), s.getCases(), exit, target);
        } finally {
            states.yields.pop();
        }
    }

    private void lowerSwitch(TreePath p, SwitchTree s) {
        lowerCases(p, s.getExpression(), s.getCases(), states.newState(), null);
    }

    /**
     * The cases of a switch statement ({@code valueTarget} null) or of a switch expression whose
     * value is assigned to {@code valueTarget}.
     */
    @SuppressWarnings("deprecation") // CaseTree.getExpressions: the JDK 17 API
    private void lowerCases(TreePath p, ExpressionTree selector, List<? extends CaseTree> cases, State exit,
            CodeBlock valueTarget) {
        Expr sel = lower(new TreePath(p, JavaPrinter.unparen(selector)));
        List<State> entries = new ArrayList<>();
        CodeBlock.Builder dispatch = CodeBlock.builder();
        dispatch.add("switch ($L) {\n$>", sel.code);
        boolean hasDefault = false;
        for (CaseTree c : cases) {
            State e = states.newState(commentFor(c));
            entries.add(e);
            if (c.getExpressions().isEmpty()) {
                if (!printer.sourceOf(c).startsWith("default")) {
                    Tree guard = guardOf(c);
                    if (guard != null && m.hasAwait(guard)) {
                        throw cx.fail(guard, "jawait: an await in a case guard ('when') is not supported: the guard"
                                + " decides which case matches, inside the pattern match; await into a local"
                                + " before the switch and test that local in the guard");
                    }
                    throw cx.fail(c, "jawait: an await in a pattern switch is not supported yet");
                }
                hasDefault = true;
                dispatch.add("default:\n");
            } else {
                for (ExpressionTree label : c.getExpressions()) {
                    dispatch.add("case $L:\n", caseLabel(new TreePath(new TreePath(p, c), label)));
                }
            }
            dispatch.add("$>state = $L;\nbreak;\n$<", e);
        }
        if (!hasDefault && valueTarget != null) {
            // An exhaustive enum switch expression: a constant added later (JLS 15.28.2).
            dispatch.add("default:\n$>throw new IncompatibleClassChangeError();\n$<");
        } else if (!hasDefault) {
            dispatch.add("default:\n$>state = $L;\nbreak;\n$<", exit);
        }
        dispatch.add("$<}\ncontinue $L;\n", LOOP);
        emitTerminal(sel, dispatch.build());
        if (valueTarget == null) {
            states.jumps.push(new StateBuilder.JumpScope(null, false, true, exit, null, states.finallies.size()));
        }
        for (int i = 0; i < cases.size(); i++) {
            CaseTree c = cases.get(i);
            TreePath cp = new TreePath(p, c);
            if (states.cur != null) {
                states.goTo(entries.get(i)); // fall through from the previous case
            }
            states.place(entries.get(i));
            if (c.getCaseKind() == CaseTree.CaseKind.RULE) {
                Tree body = c.getBody();
                if (body instanceof ExpressionTree && valueTarget != null) {
                    TreePath value = new TreePath(cp, body);
                    Expr e = lower(value);
                    emitStatement(e, states.yields.peek().store(value, e.code));
                } else if (body instanceof ExpressionTree) {
                    Expr e = lower(new TreePath(cp, body));
                    emitStatement(e, CodeBlock.of("$L;\n", e.code));
                } else {
                    stmt(new TreePath(cp, body));
                }
                if (states.cur != null) {
                    states.goTo(exit);
                }
            } else {
                stmts(cp, c.getStatements());
            }
        }
        if (valueTarget == null) {
            states.jumps.pop();
        }
        if (states.cur != null) {
            states.goTo(exit);
        }
        states.place(exit);
        for (CaseTree c : cases) {
            if (c.getStatements() != null) {
                clearScope(c.getStatements());
            }
        }
    }

    /** The {@code when} guard of a case (JDK 21+ API, so found reflectively), or null. */
    private static Tree guardOf(CaseTree c) {
        try {
            return (Tree) CaseTree.class.getMethod("getGuard").invoke(c);
        } catch (ReflectiveOperationException e) {
            return null; // before JDK 21 there are no guards
        }
    }

    /** Case labels are printed as written: enum constants must stay unqualified. */
    private CodeBlock caseLabel(TreePath label) {
        if (label.getLeaf() instanceof IdentifierTree) {
            return CodeBlock.of("$L", ((IdentifierTree) label.getLeaf()).getName());
        }
        return printer.printExpression(label).code;
    }

    private void lowerTry(TreePath p, TryTree t) {
        Handler outer = states.handler;
        String comment = commentFor(t);
        Finally fin = null;
        StateBuilder.FinallyScope fs = null;
        State after = states.newState("after " + comment);
        if (t.getFinallyBlock() != null) {
            int n = finallyCount++;
            Handler saved = states.handler;
            State entry = states.newState("finally of " + comment);
            states.handler = saved;
            fin = new Finally(entry, "pendingThrow$" + n, "pendingJump$" + n);
            cx.addField(fin.pendingThrow, ClassName.get(Throwable.class));
            cx.addField(fin.pendingJump, TypeName.INT);
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
            catches.add(new Catch(catchTypes(c), e));
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
            TypeName type = TypeName.get(catchParamType(param));
            if (fieldOf.containsKey(param)) {
                states.emit("this.$L = ($T) this.caught;\nthis.caught = null;\n", fieldOf.get(param), type);
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
            stmt(new TreePath(p, t.getFinallyBlock()));
            if (states.cur != null) {
                states.emit("if (this.$L != null) {\n$>Throwable pending = this.$L;\nthis.$L = null;\nthrow pending;\n$<}\n",
                        fin.pendingThrow, fin.pendingThrow, fin.pendingThrow);
                replayJump(fs);
            }
        }
        states.place(after);
    }

    /** The end of a finally: continue the jump that entered it (the next hop toward its target). */
    private void replayJump(StateBuilder.FinallyScope fs) {
        states.emit("switch (this.$L) {\n$>", fs.fin.pendingJump);
        for (Map.Entry<State, State> hop : fs.hops.entrySet()) {
            if (hop.getKey() == hop.getValue()) {
                states.emit("case $L:\n$>state = $L;\ncontinue $L;\n$<", hop.getKey(), hop.getKey(), LOOP);
            } else {
                StateBuilder.FinallyScope next = states.finallies.get(states.finallies.size() - 1);
                states.emit("case $L:\n$>this.$L = $L;\nstate = $L;\ncontinue $L;\n$<", hop.getKey(),
                        next.fin.pendingJump, hop.getKey(), hop.getValue(), LOOP);
            }
        }
        states.emit("default:\n$>throw badState();\n$<$<}\n");
        states.cur = null;
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
            field = fieldOf.get(v);
            if (field == null) {
                throw cx.fail(r, "jawait: internal error: resource variable not hoisted");
            }
            name = v.getName().toString();
            assignHoisted(rp, v);
        } else {
            field = "resource$" + iterCount++;
            cx.addField(field, ClassName.get(AutoCloseable.class));
            name = r.toString();
            Expr e = lower(rp);
            emitStatement(e, CodeBlock.of("this.$L = $L;\n", field, e.code));
        }
        int n = finallyCount++;
        State close = states.newState("close " + name);
        Finally fin = new Finally(close, "pendingThrow$" + n, "pendingJump$" + n);
        cx.addField(fin.pendingThrow, ClassName.get(Throwable.class));
        cx.addField(fin.pendingJump, TypeName.INT);
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
        replayJump(fs);
        states.place(after);
    }

    private List<TypeName> catchTypes(CatchTree c) {
        TypeMirror t = catchParamTypeRaw(c.getParameter());
        List<TypeName> out = new ArrayList<>();
        if (t.getKind() == TypeKind.UNION) {
            for (TypeMirror alt : ((UnionType) t).getAlternatives()) {
                out.add(TypeName.get(types.erasure(alt)));
            }
        } else {
            out.add(TypeName.get(types.erasure(t)));
        }
        return out;
    }

    private TypeMirror catchParamTypeRaw(VariableTree param) {
        VariableElement e = m.catchParams.get(param);
        if (e == null) {
            e = m.hoisted.get(param);
        }
        if (e == null) {
            throw cx.fail(param, "jawait: cannot determine the type of this catch parameter");
        }
        return e.asType();
    }

    private TypeMirror catchParamType(VariableTree param) {
        TypeMirror t = catchParamTypeRaw(param);
        return t.getKind() == TypeKind.UNION ? lub((UnionType) t) : t;
    }

    // ---- expressions --------------------------------------------------------------------

    /** Lowered code for an expression, plus the snapshot declarations it needs before it. */
    static final class Expr {
        final CodeBlock code;
        final List<CodeBlock> prelude;

        Expr(CodeBlock code, List<CodeBlock> prelude) {
            this.code = code;
            this.prelude = prelude;
        }

        Expr with(List<CodeBlock> more) {
            List<CodeBlock> all = new ArrayList<>(prelude);
            all.addAll(more);
            return new Expr(code, all);
        }
    }

    /**
     * Lowers an expression: emits the states its awaits need into the current state and returns
     * the code that computes its value in the state where evaluation ends.
     */
    private Expr lower(TreePath p) {
        Tree t = p.getLeaf();
        if (!m.hasAwait(t)) {
            BodyPrinter.Printed pr = printer.printExpression(p);
            return new Expr(pr.code, pr.prelude);
        }
        switch (t.getKind()) {
            case METHOD_INVOCATION: {
                MethodInvocationTree mi = (MethodInvocationTree) t;
                if (m.awaits.contains(mi)) {
                    return lowerAwait(p, mi);
                }
                List<TreePath> ops = new ArrayList<>();
                if (mi.getMethodSelect() instanceof MemberSelectTree) {
                    TreePath sp = new TreePath(p, mi.getMethodSelect());
                    ExpressionTree recv = ((MemberSelectTree) mi.getMethodSelect()).getExpression();
                    if (!lookup.isTypeOrPackage(new TreePath(sp, recv))) {
                        ops.add(new TreePath(sp, recv));
                    }
                }
                for (ExpressionTree a : mi.getArguments()) {
                    ops.add(new TreePath(p, a));
                }
                return inOrder(p, ops);
            }
            case NEW_CLASS: {
                NewClassTree n = (NewClassTree) t;
                if (n.getClassBody() != null && m.hasAwait(n.getClassBody())) {
                    throw cx.fail(t, "jawait: await inside an anonymous class body is not allowed");
                }
                List<TreePath> ops = new ArrayList<>();
                if (n.getEnclosingExpression() != null) {
                    ops.add(new TreePath(p, n.getEnclosingExpression()));
                }
                for (ExpressionTree a : n.getArguments()) {
                    ops.add(new TreePath(p, a));
                }
                return inOrder(p, ops);
            }
            case NEW_ARRAY: {
                NewArrayTree n = (NewArrayTree) t;
                List<TreePath> ops = new ArrayList<>();
                for (ExpressionTree d : n.getDimensions()) {
                    ops.add(new TreePath(p, d));
                }
                if (n.getInitializers() != null) {
                    for (ExpressionTree d : n.getInitializers()) {
                        ops.add(new TreePath(p, d));
                    }
                }
                return inOrder(p, ops);
            }
            case ARRAY_ACCESS: {
                ArrayAccessTree a = (ArrayAccessTree) t;
                return inOrder(p, List.of(new TreePath(p, a.getExpression()), new TreePath(p, a.getIndex())));
            }
            case MEMBER_SELECT:
                return inOrder(p, List.of(new TreePath(p, ((MemberSelectTree) t).getExpression())));
            case PARENTHESIZED:
                return inOrder(p, List.of(new TreePath(p, ((ParenthesizedTree) t).getExpression())));
            case TYPE_CAST:
                return inOrder(p, List.of(new TreePath(p, ((TypeCastTree) t).getExpression())));
            case INSTANCE_OF:
                // With a pattern, the binding is declared where the test is printed, in the state
                // after the await; a binding used across a later await is hoisted like a local.
                return inOrder(p, List.of(new TreePath(p, ((InstanceOfTree) t).getExpression())));
            case CONDITIONAL_AND:
            case CONDITIONAL_OR:
                return lowerShortCircuit(p, (BinaryTree) t);
            case CONDITIONAL_EXPRESSION:
                return lowerConditional(p, (ConditionalExpressionTree) t);
            case ASSIGNMENT: {
                AssignmentTree a = (AssignmentTree) t;
                List<TreePath> ops = new ArrayList<>(lvalueParts(new TreePath(p, a.getVariable())));
                ops.add(new TreePath(p, a.getExpression()));
                return inOrder(p, ops);
            }
            case LAMBDA_EXPRESSION:
                throw cx.fail(t, "jawait: await inside a lambda is not allowed; the lambda is not an @Async"
                        + " method (move the await out, or call an @Async helper method)");
            case SWITCH_EXPRESSION:
                return lowerSwitchOperand(p);
            default:
                break;
        }
        if (t instanceof CompoundAssignmentTree) {
            return lowerCompound(p, (CompoundAssignmentTree) t);
        }
        if (t instanceof UnaryTree) {
            UnaryTree u = (UnaryTree) t;
            TreePath op = new TreePath(p, u.getExpression());
            switch (t.getKind()) {
                case PREFIX_INCREMENT: case PREFIX_DECREMENT: case POSTFIX_INCREMENT: case POSTFIX_DECREMENT:
                    return inOrder(p, lvalueParts(op));
                default:
                    return inOrder(p, List.of(op));
            }
        }
        if (t instanceof BinaryTree) {
            BinaryTree b = (BinaryTree) t;
            return inOrder(p, List.of(new TreePath(p, b.getLeftOperand()), new TreePath(p, b.getRightOperand())));
        }
        throw cx.fail(t, "jawait: an await inside " + t.getKind() + " is not supported yet");
    }

    /**
     * A switch expression inside an expression: lowered as a switch statement into fields of its
     * own, its value read back with its exact type. When all its results have one type the
     * processor knows, or one of them cannot be read back outside the switch (it names a local
     * of an arm's block), javac infers the type from a never-evaluated witness of the whole
     * switch, as for {@code ?:}; otherwise each result is kept with its own type ({@link Arms}).
     * Operands spilled before it stay in their temporaries: its arms' statements use the ones above.
     */
    private Expr lowerSwitchOperand(TreePath p) {
        String field = "switch$" + condTemps++;
        cx.addField(field, ClassName.OBJECT);
        List<TreePath> results = switchResults(p);
        Arms arms = sameKnownType(results) || !results.stream().allMatch(r -> innerLocals(r, p) != null) ? null
                : new Arms(field, p);
        int held = tempsInStatement;
        int savedFloor = tempFloor;
        tempFloor = held;
        try {
            lowerSwitchInto(p, CodeBlock.of("this.$L", field), arms);
        } finally {
            tempFloor = savedFloor;
        }
        tempsInStatement = held;
        if (arms != null) {
            return new Expr(arms.readBack(), List.of());
        }
        return new Expr(CodeBlock.of("$T.typed(this.$L, false ? $L : null)", MACHINES, field,
                printer.witness(p)), List.of());
    }

    /** The result expressions of switch expression {@code p}: rule bodies and its own {@code yield}s. */
    private static List<TreePath> switchResults(TreePath p) {
        List<TreePath> out = new ArrayList<>();
        for (CaseTree c : ((com.sun.source.tree.SwitchExpressionTree) p.getLeaf()).getCases()) {
            TreePath cp = new TreePath(p, c);
            if (c.getCaseKind() == CaseTree.CaseKind.RULE && c.getBody() instanceof ExpressionTree) {
                out.add(new TreePath(cp, c.getBody()));
                continue;
            }
            Tree body = c.getCaseKind() == CaseTree.CaseKind.RULE ? c.getBody() : null;
            List<Tree> roots = new ArrayList<>();
            if (body != null) {
                roots.add(body);
            } else {
                roots.addAll(c.getStatements());
            }
            for (Tree root : roots) {
                new com.sun.source.util.TreePathScanner<Void, Void>() {
                    @Override
                    public Void visitYield(com.sun.source.tree.YieldTree node, Void unused) {
                        out.add(new TreePath(getCurrentPath(), node.getValue()));
                        return null;
                    }

                    @Override
                    public Void visitSwitchExpression(com.sun.source.tree.SwitchExpressionTree node, Void unused) {
                        return null; // its yields are its own
                    }

                    @Override
                    public Void visitLambdaExpression(com.sun.source.tree.LambdaExpressionTree node, Void unused) {
                        return null;
                    }

                    @Override
                    public Void visitClass(ClassTree node, Void unused) {
                        return null;
                    }
                }.scan(new TreePath(cp, root), null);
            }
        }
        return out;
    }

    /** Whether every result has the same type, known to the processor. */
    private boolean sameKnownType(List<TreePath> results) {
        TypeMirror first = null;
        for (TreePath r : results) {
            TypeMirror t = exact.of(r);
            if (t == null || first != null && !types.isSameType(first, t)) {
                return false;
            }
            first = t;
        }
        return true;
    }

    /**
     * What the witness of result {@code r} of switch {@code sw} prints instead of the locals it
     * names that are declared inside the switch and stay real locals (out of scope after it): a
     * placeholder of the declared type, {@code ((int) 0)} or {@code ((Foo) null)}. Empty when there
     * are none or the type is known; null when a local is declared with {@code var}.
     */
    private Map<Tree, CodeBlock> innerLocals(TreePath r, TreePath sw) {
        if (exact.of(r) != null) {
            return Map.of();
        }
        Map<Tree, CodeBlock> out = new IdentityHashMap<>();
        boolean[] unknown = {false};
        long swStart = positions.getStartPosition(m.unit, sw.getLeaf());
        long swEnd = positions.getEndPosition(m.unit, sw.getLeaf());
        new com.sun.source.util.TreePathScanner<Void, Void>() {
            @Override
            public Void visitIdentifier(IdentifierTree node, Void unused) {
                VariableTree decl = lookup.localDeclaration(getCurrentPath(), node.getName());
                if (decl == null || fieldOf.containsKey(decl)) {
                    return null;
                }
                long at = positions.getStartPosition(m.unit, decl);
                if (at < swStart || at >= swEnd) {
                    return null;
                }
                TreePath declPath = TreePath.getPath(m.unit, decl);
                Tree type = decl.getType();
                if (declPath == null || type == null || positions.getStartPosition(m.unit, type) < 0
                        || printer.sourceOf(type).equals("var")) {
                    unknown[0] = true;
                    return null;
                }
                CodeBlock t = printer.witness(new TreePath(declPath, type));
                out.put(node, type.getKind() == Tree.Kind.PRIMITIVE_TYPE
                        ? CodeBlock.of("(($L) $L)", t, ((com.sun.source.tree.PrimitiveTypeTree) type).getPrimitiveTypeKind()
                                == TypeKind.BOOLEAN ? "false" : "0")
                        : CodeBlock.of("(($L) null)", t));
                return null;
            }
        }.scan(r, null);
        return unknown[0] ? null : out;
    }

    /** The operands evaluated before the right-hand side when assigning to {@code lhs}. */
    private List<TreePath> lvalueParts(TreePath lhs) {
        Tree l = JavaPrinter.unparen((ExpressionTree) lhs.getLeaf());
        if (l instanceof ArrayAccessTree) {
            ArrayAccessTree a = (ArrayAccessTree) l;
            return List.of(new TreePath(lhs, a.getExpression()), new TreePath(lhs, a.getIndex()));
        }
        if (l instanceof MemberSelectTree) {
            TreePath e = new TreePath(lhs, ((MemberSelectTree) l).getExpression());
            return lookup.isTypeOrPackage(e) ? List.of() : List.of(e);
        }
        return List.of();
    }

    /**
     * Evaluates {@code ops} (the operands of {@code p}, in Java's evaluation order): every operand
     * before the last one that awaits is spilled to a temporary unless re-reading it later is
     * provably the same, then {@code p} is printed with the lowered operands in place.
     */
    private Expr inOrder(TreePath p, List<TreePath> ops) {
        int last = -1;
        for (int i = 0; i < ops.size(); i++) {
            if (m.hasAwait(ops.get(i).getLeaf())) {
                last = i;
            }
        }
        List<CodeBlock> prelude = new ArrayList<>();
        List<Tree> overridden = new ArrayList<>();
        for (int i = 0; i < ops.size(); i++) {
            TreePath op = ops.get(i);
            Tree leaf = op.getLeaf();
            if (leaf.getKind() == Tree.Kind.MEMBER_REFERENCE && !m.hasAwait(leaf)) {
                // 'expr::m' evaluates (and null-checks) only its receiver now; the reference itself
                // has no type of its own to spill with (JLS 15.13.3), so spill the receiver.
                if (i < last) {
                    spillReceiver(op, prelude, overridden);
                }
                continue;
            }
            boolean spill = i < last && (!isStable(op, ops.subList(i + 1, ops.size())) || needsEarlyToString(p, op));
            TreePath shaped = spill ? shapedConditional(op) : null;
            TreePath switchOp = spill ? unparenPath(op) : null;
            if (switchOp != null && switchOp.getLeaf().getKind() == Tree.Kind.SWITCH_EXPRESSION
                    && (m.hasAwait(leaf) || !sameKnownType(switchResults(switchOp)))) {
                // Its results are converted by the context (JLS 15.28.1): lowered into fields (also
                // without an await), whose read back needs no further temporary.
                Expr e = lowerSwitchOperand(switchOp);
                if (needsEarlyToString(p, op)) {
                    e = spillConcatLeft(p, e);
                }
                prelude.addAll(e.prelude);
                printer.overrides.put(leaf, e.code);
                overridden.add(leaf);
            } else if (shaped != null) {
                // Its value depends on the context (JLS 15.25): kept in temporaries branch by
                // branch, and read back as a conditional again, which the context types as before.
                Expr e = lowerConditionalShaped(shaped, (ConditionalExpressionTree) shaped.getLeaf());
                if (needsEarlyToString(p, op)) {
                    e = spillConcatLeft(p, e);
                }
                prelude.addAll(e.prelude);
                printer.overrides.put(leaf, e.code);
                overridden.add(leaf);
            } else if (m.hasAwait(leaf) || spill) {
                Expr e = lower(op);
                if (spill) {
                    e = spill(p, op, e);
                }
                prelude.addAll(e.prelude);
                printer.overrides.put(leaf, e.code);
                overridden.add(leaf);
            }
        }
        BodyPrinter.Printed pr = printer.printExpression(p);
        for (Tree o : overridden) {
            printer.overrides.remove(o);
        }
        prelude.addAll(pr.prelude);
        return new Expr(pr.code, prelude);
    }

    /** Spills the receiver of method reference {@code op}, unless it is a type, {@code this} or {@code super}. */
    private void spillReceiver(TreePath op, List<CodeBlock> prelude, List<Tree> overridden) {
        ExpressionTree q = ((com.sun.source.tree.MemberReferenceTree) op.getLeaf()).getQualifierExpression();
        TreePath qp = new TreePath(op, q);
        if (q.getKind() == Tree.Kind.PARAMETERIZED_TYPE || q.getKind() == Tree.Kind.ARRAY_TYPE
                || q instanceof IdentifierTree && ((IdentifierTree) q).getName().contentEquals("super")
                || q instanceof IdentifierTree && ((IdentifierTree) q).getName().contentEquals("this")
                || lookup.isTypeOrPackage(qp)) {
            return;
        }
        // Even a stable local is spilled: its null check belongs before the later operands.
        Expr e = lower(qp);
        e = spill(op, qp, new Expr(CodeBlock.of("$T.requireNonNull($L)", java.util.Objects.class, e.code), e.prelude));
        prelude.addAll(e.prelude);
        printer.overrides.put(q, e.code);
        overridden.add(q);
    }

    /** Stores an operand's value in a temporary now; reads it back, with its exact type, later. */
    private Expr spill(TreePath parent, TreePath op, Expr value) {
        TypeMirror primitive = certainPrimitive(op);
        int n = newTemp(primitive);
        CodeBlock witness = printer.witness(op);
        boolean concatLeft = parent.getLeaf().getKind() == Tree.Kind.PLUS
                && ((BinaryTree) parent.getLeaf()).getLeftOperand() == op.getLeaf();
        if (concatLeft) {
            TypeMirror t = exact.of(op);
            if (t == null) {
                // Whether the '+' is a concatenation decides whether it is converted to a string
                // now: javac picks the ConcatOperand overloads from the type of the whole '+'.
                CodeBlock whole = printer.witness(parent);
                for (CodeBlock pre : value.prelude) {
                    states.emit(pre);
                }
                states.emit("this.tmp$$$L = $T.spill($L, false ? $L : null);\n", n, CONCAT, value.code, whole);
                return new Expr(CodeBlock.of("$T.readBack(this.tmp$$$L, false ? $L : null, false ? $L : null)",
                        CONCAT, n, witness, whole), List.of());
            }
            boolean convert = t.getKind() == TypeKind.DECLARED && !isStringOrBox(t);
            if (convert) {
                for (CodeBlock pre : value.prelude) {
                    states.emit(pre);
                }
                states.emit("this.tmp$$$L = String.valueOf($L);\n", n, value.code);
                return new Expr(CodeBlock.of("$T.typed(this.tmp$$$L, false ? String.valueOf($L) : null)",
                        MACHINES, n, witness), List.of());
            }
        }
        for (CodeBlock pre : value.prelude) {
            states.emit(pre);
        }
        if (primitive != null) {
            String field = primitiveTemp(n, primitive);
            states.emit("this.$L = $L;\n", field, value.code);
            return new Expr(CodeBlock.of("this.$L", field), List.of());
        }
        states.emit("this.tmp$$$L = $L;\n", n, value.code);
        return new Expr(CodeBlock.of("$T.typed(this.tmp$$$L, false ? $L : null)", MACHINES, n, witness),
                List.of());
    }

    /**
     * Allocates the next temporary of the current statement: index {@code n} names an
     * {@code Object} field {@code tmp$n}, or, for a value of a known primitive type, a field of
     * exactly that type ({@link #primitiveTemp}), so that a spilled primitive is never boxed.
     */
    private int newTemp(TypeMirror primitive) {
        int n = tempsInStatement++;
        primitiveTemps.set(n, primitive != null);
        if (primitive == null) {
            objectTemps.set(n);
        }
        return n;
    }

    /** The field of primitive temporary {@code n}, e.g. {@code tmp$0$long}, declared on first use. */
    private String primitiveTemp(int n, TypeMirror primitive) {
        String name = "tmp$" + n + "$" + primitive.getKind().name().toLowerCase(java.util.Locale.ROOT);
        cx.addField(name, TypeName.get(primitive));
        return name;
    }

    /**
     * The type of {@code op} when it is a primitive type that {@link TypeOf} derives from
     * elements alone (variables, fields, literals, array elements, casts, operators over those,
     * non-generic methods whose overloads agree), else null: a temporary of that type holds the
     * value without boxing, and reading it back yields exactly the operand's value and type.
     */
    private TypeMirror certainPrimitive(TreePath op) {
        TypeMirror t = exact.of(op);
        return t != null && t.getKind().isPrimitive() ? t : null;
    }

    /**
     * The left operand of a string concatenation is converted to a string before the right one is
     * evaluated (JDK-8273914): a reference that is not a String or a box must be spilled (as
     * {@code String.valueOf}) even when it is a stable local.
     */
    private boolean needsEarlyToString(TreePath parent, TreePath op) {
        if (parent.getLeaf().getKind() != Tree.Kind.PLUS
                || ((BinaryTree) parent.getLeaf()).getLeftOperand() != op.getLeaf()) {
            return false;
        }
        if (op.getLeaf().getKind() == Tree.Kind.NULL_LITERAL) {
            return false; // always "null"
        }
        TypeMirror t = exact.of(op);
        return t == null || t.getKind() == TypeKind.DECLARED && !isStringOrBox(t);
    }

    private boolean isStringOrBox(TypeMirror t) {
        if (t.getKind() != TypeKind.DECLARED) {
            return false;
        }
        String n = ((TypeElement) ((DeclaredType) t).asElement()).getQualifiedName().toString();
        return n.equals("java.lang.String") || n.equals("java.lang.Integer") || n.equals("java.lang.Long")
                || n.equals("java.lang.Short") || n.equals("java.lang.Byte") || n.equals("java.lang.Character")
                || n.equals("java.lang.Boolean") || n.equals("java.lang.Double") || n.equals("java.lang.Float");
    }

    /**
     * Whether evaluating {@code op} later gives the same value as now: literals, {@code this},
     * class literals, lambdas, type names, and locals that no later operand assigns (only the
     * method itself can assign its locals).
     */
    private boolean isStable(TreePath op, List<TreePath> later) {
        Tree t = op.getLeaf();
        switch (t.getKind()) {
            case INT_LITERAL: case LONG_LITERAL: case FLOAT_LITERAL: case DOUBLE_LITERAL:
            case BOOLEAN_LITERAL: case CHAR_LITERAL: case STRING_LITERAL: case NULL_LITERAL:
            case LAMBDA_EXPRESSION:
                return true;
            case PARENTHESIZED:
                return isStable(new TreePath(op, ((ParenthesizedTree) t).getExpression()), later);
            case MEMBER_SELECT: {
                MemberSelectTree ms = (MemberSelectTree) t;
                return ms.getIdentifier().contentEquals("class") || ms.getIdentifier().contentEquals("this");
            }
            case IDENTIFIER: {
                Name name = ((IdentifierTree) t).getName();
                if (name.contentEquals("this")) {
                    return true;
                }
                VariableTree decl = lookup.localDeclaration(op, name);
                if (decl == null) {
                    return lookup.isTypeOrPackage(op);
                }
                for (TreePath l : later) {
                    if (assigns(l.getLeaf(), name)) {
                        return false;
                    }
                }
                return true;
            }
            default:
                return false;
        }
    }

    private static boolean assigns(Tree t, Name name) {
        boolean[] found = {false};
        new TreeScanner<Void, Void>() {
            private void check(ExpressionTree v) {
                v = JavaPrinter.unparen(v);
                if (v instanceof IdentifierTree && ((IdentifierTree) v).getName().equals(name)) {
                    found[0] = true;
                }
            }

            @Override
            public Void visitAssignment(AssignmentTree node, Void unused) {
                check(node.getVariable());
                return super.visitAssignment(node, unused);
            }

            @Override
            public Void visitCompoundAssignment(CompoundAssignmentTree node, Void unused) {
                check(node.getVariable());
                return super.visitCompoundAssignment(node, unused);
            }

            @Override
            public Void visitUnary(UnaryTree node, Void unused) {
                switch (node.getKind()) {
                    case PREFIX_INCREMENT: case PREFIX_DECREMENT: case POSTFIX_INCREMENT: case POSTFIX_DECREMENT:
                        check(node.getExpression());
                        break;
                    default:
                        break;
                }
                return super.visitUnary(node, unused);
            }
        }.scan(t, null);
        return found[0];
    }

    private Expr lowerAwait(TreePath p, MethodInvocationTree mi) {
        if (mi.getArguments().isEmpty()) {
            throw cx.fail(mi, "jawait: await needs an argument");
        }
        TreePath arg = new TreePath(p, mi.getArguments().get(0));
        Expr e = lower(arg);
        for (CodeBlock pre : e.prelude) {
            states.emit(pre);
        }
        states.emit("awaitOn($T.awaitable($L));\n", MACHINES, e.code);
        State resume = states.newState();
        states.goTo(resume);
        states.place(resume);
        // The poll is written here, not in a helper: one call site per await for the JIT (AsyncMachine).
        states.emit(pollChild());
        return new Expr(CodeBlock.of("this.awaited($L, false ? $L : null)", READY, printer.witness(arg)), List.of());
    }

    /**
     * The first statements of a resume state: poll the awaited child, suspend while it is
     * pending; its {@link dev.jawait.Poll} stays in a local for the value ({@code awaited(ready$, ...)}).
     */
    private CodeBlock pollChild() {
        return CodeBlock.of("$T<?> $L = child().poll($L);\nif (!takeReady($L)) {\n$>return $T.pending();\n$<}\n",
                POLL, READY, CX, READY, POLL);
    }

    private Expr lowerShortCircuit(TreePath p, BinaryTree b) {
        TreePath l = new TreePath(p, b.getLeftOperand());
        TreePath r = new TreePath(p, b.getRightOperand());
        if (!m.hasAwait(b.getRightOperand())) {
            return inOrder(p, List.of(l, r));
        }
        String field = "condition$" + condTemps++;
        cx.addField(field, TypeName.BOOLEAN);
        Expr left = lower(l);
        State join = states.newState();
        boolean and = b.getKind() == Tree.Kind.CONDITIONAL_AND;
        // Keep the temporaries: operands spilled before this '&&' / '||' are still to be read.
        emitStatementKeepTemps(left, CodeBlock.of("this.$L = $L;\nif ($Lthis.$L) {\n$>state = $L;\ncontinue $L;\n$<}\n",
                field, left.code, and ? "!" : "", field, join, LOOP));
        Expr right = lower(r);
        emitStatementKeepTemps(right, CodeBlock.of("this.$L = $L;\n", field, right.code));
        states.goTo(join);
        states.place(join);
        return new Expr(CodeBlock.of("this.$L", field), List.of());
    }

    private Expr lowerConditional(TreePath p, ConditionalExpressionTree c) {
        if (!m.hasAwait(c.getTrueExpression()) && !m.hasAwait(c.getFalseExpression())) {
            return inOrder(p, List.of(new TreePath(p, c.getCondition())));
        }
        if (keepsShape(p)) {
            return lowerConditionalShaped(p, c);
        }
        // A boolean or numeric conditional (or one the processor cannot classify): standalone,
        // so the witness of the whole types it exactly. Each branch stores its value converted
        // as the conditional converts it (binary numeric promotion, unboxing: JLS 15.25), by
        // storing it as the chosen branch of a copy of the conditional whose other branch is
        // never evaluated; without a type of its own a branch could not be read back as that type.
        boolean promote = exact.of(p) == null;
        int n = newTemp(null);
        Expr cond = lower(new TreePath(p, c.getCondition()));
        State otherwise = states.newState();
        State join = states.newState();
        emitStatementKeepTemps(cond, CodeBlock.of("if (!($L)) {\n$>state = $L;\ncontinue $L;\n$<}\n",
                cond.code, otherwise, LOOP));
        Expr t = lower(new TreePath(p, c.getTrueExpression()));
        emitStatementKeepTemps(t, promote
                ? CodeBlock.of("this.tmp$$$L = true ? $L : $L;\n", n, t.code, printer.witness(new TreePath(p, c.getFalseExpression())))
                : CodeBlock.of("this.tmp$$$L = $L;\n", n, t.code));
        states.goTo(join);
        states.place(otherwise);
        Expr f = lower(new TreePath(p, c.getFalseExpression()));
        emitStatementKeepTemps(f, promote
                ? CodeBlock.of("this.tmp$$$L = false ? $L : $L;\n", n, printer.witness(new TreePath(p, c.getTrueExpression())), f.code)
                : CodeBlock.of("this.tmp$$$L = $L;\n", n, f.code));
        states.goTo(join);
        states.place(join);
        return new Expr(CodeBlock.of("$T.typed(this.tmp$$$L, false ? $L : null)", MACHINES, n, printer.witness(p)),
                List.of());
    }

    /** Whether {@code e} has no type of its own: a lambda or method reference needs its target's. */
    private static boolean needsTarget(ExpressionTree e) {
        e = JavaPrinter.unparen(e);
        switch (e.getKind()) {
            case LAMBDA_EXPRESSION: case MEMBER_REFERENCE:
                return true;
            case CONDITIONAL_EXPRESSION:
                return needsTarget(((ConditionalExpressionTree) e).getTrueExpression())
                        || needsTarget(((ConditionalExpressionTree) e).getFalseExpression());
            default:
                return false;
        }
    }

    /**
     * The conditional {@code op} is (inside parentheses), when it must keep its shape to be
     * spilled: see {@link #keepsShape}; else null.
     */
    private TreePath shapedConditional(TreePath op) {
        TreePath p = unparenPath(op);
        return p.getLeaf().getKind() == Tree.Kind.CONDITIONAL_EXPRESSION && keepsShape(p) ? p : null;
    }

    private static TreePath unparenPath(TreePath p) {
        while (p.getLeaf().getKind() == Tree.Kind.PARENTHESIZED) {
            p = new TreePath(p, ((ParenthesizedTree) p.getLeaf()).getExpression());
        }
        return p;
    }

    /**
     * Whether conditional {@code p} takes its type from its context, so that no single temporary
     * and witness can stand for it: a reference conditional (JLS 15.25) is a poly expression in an
     * assignment or invocation context, where each branch is converted to the target on its own
     * ({@code double d = c ? generic(5) : 1.5} converts an {@code Integer} to {@code double}), and a
     * lambda or method reference branch has no type without a target. Such a conditional is lowered
     * by {@link #lowerConditionalShaped}.
     */
    private boolean keepsShape(TreePath p) {
        ConditionalExpressionTree c = (ConditionalExpressionTree) p.getLeaf();
        return needsTarget(c.getTrueExpression()) || needsTarget(c.getFalseExpression())
                || category(p) == Category.REFERENCE;
    }

    /**
     * A conditional whose value depends on its context ({@link #keepsShape}): the condition is
     * kept in a field and each branch in a temporary of its own (or left in place when evaluating
     * it later is the same: a literal, a lambda, a method reference to a type's method); the result
     * is the conditional again, {@code (this.condition$0 ? <branch read back> : <branch read back>)},
     * which javac types in the original context exactly as the source. It reads fields only, so it
     * may be evaluated after later awaits. Each branch is read back with its own type
     * ({@link #shapedBranch}), so the conditional keeps its kind (JLS 15.25).
     */
    private Expr lowerConditionalShaped(TreePath p, ConditionalExpressionTree c) {
        String field = "condition$" + condTemps++;
        cx.addField(field, TypeName.BOOLEAN);
        Expr cond = lower(new TreePath(p, c.getCondition()));
        List<CodeBlock> prelude = new ArrayList<>();
        CodeBlock whenTrue;
        CodeBlock whenFalse;
        if (!m.hasAwait(c.getTrueExpression()) && !m.hasAwait(c.getFalseExpression())) {
            // Nothing suspends: an if/else in the current state.
            emitStatementKeepTemps(cond, CodeBlock.of("this.$L = $L;\nif (this.$L) {\n$>", field, cond.code, field));
            whenTrue = shapedBranch(new TreePath(p, c.getTrueExpression()), prelude);
            states.emit("$<} else {\n$>");
            whenFalse = shapedBranch(new TreePath(p, c.getFalseExpression()), prelude);
            states.emit("$<}\n");
        } else {
            State otherwise = states.newState();
            State join = states.newState();
            emitStatementKeepTemps(cond, CodeBlock.of("this.$L = $L;\nif (!this.$L) {\n$>state = $L;\ncontinue $L;\n$<}\n",
                    field, cond.code, field, otherwise, LOOP));
            whenTrue = shapedBranch(new TreePath(p, c.getTrueExpression()), prelude);
            states.goTo(join);
            states.place(otherwise);
            whenFalse = shapedBranch(new TreePath(p, c.getFalseExpression()), prelude);
            states.goTo(join);
            states.place(join);
        }
        return new Expr(CodeBlock.of("(this.$L ? $L : $L)", field, whenTrue, whenFalse), prelude);
    }

    /**
     * One branch of {@link #lowerConditionalShaped}: evaluated now into a temporary, and read back
     * with its own type, so that it is the same kind of conditional operand as in the source: a
     * primitive from a field of its type, a box through a cast to the box, a conditional shaped in
     * turn, anything else (whose kind is a reference then) through {@code Machines.typed}.
     */
    private CodeBlock shapedBranch(TreePath branch, List<CodeBlock> prelude) {
        ExpressionTree e = (ExpressionTree) branch.getLeaf();
        if (e.getKind() == Tree.Kind.PARENTHESIZED) {
            return CodeBlock.of("($L)", shapedBranch(new TreePath(branch, ((ParenthesizedTree) e).getExpression()), prelude));
        }
        if (!m.hasAwait(e) && evaluatedLaterIsSame(branch)) {
            BodyPrinter.Printed pr = printer.printExpression(branch);
            prelude.addAll(pr.prelude);
            return pr.code;
        }
        if (e.getKind() == Tree.Kind.CONDITIONAL_EXPRESSION && keepsShape(branch)) {
            Expr inner = lowerConditionalShaped(branch, (ConditionalExpressionTree) e);
            prelude.addAll(inner.prelude);
            return inner.code;
        }
        if (e.getKind() == Tree.Kind.MEMBER_REFERENCE && !m.hasAwait(e)) {
            // 'expr::m': the receiver is evaluated (and null-checked) now, the reference later.
            List<Tree> overridden = new ArrayList<>();
            spillReceiver(branch, prelude, overridden);
            BodyPrinter.Printed pr = printer.printExpression(branch);
            for (Tree o : overridden) {
                printer.overrides.remove(o);
            }
            prelude.addAll(pr.prelude);
            return pr.code;
        }
        if (needsTarget(e)) {
            throw cx.fail(e, "jawait: a lambda or method reference that awaits (in its receiver) cannot be a branch"
                    + " of a conditional around an await; await into a local variable first");
        }
        TypeMirror type = exact.of(branch);
        TypeMirror primitive = type != null && type.getKind().isPrimitive() ? type : null;
        int n = newTemp(primitive);
        Expr value = lower(branch);
        if (primitive != null) {
            String field = primitiveTemp(n, primitive);
            emitStatementKeepTemps(value, CodeBlock.of("this.$L = $L;\n", field, value.code));
            return CodeBlock.of("this.$L", field);
        }
        emitStatementKeepTemps(value, CodeBlock.of("this.tmp$$$L = $L;\n", n, value.code));
        if (type != null && exact.unboxed(type) != null) {
            return CodeBlock.of("(($T) this.tmp$$$L)", TypeName.get(type), n);
        }
        return CodeBlock.of("$T.typed(this.tmp$$$L, false ? $L : null)", MACHINES, n, printer.witness(branch));
    }

    /** Whether evaluating {@code p} later gives the same value and effects: literals, lambdas, {@code Type::m}. */
    private boolean evaluatedLaterIsSame(TreePath p) {
        Tree t = p.getLeaf();
        switch (t.getKind()) {
            case INT_LITERAL: case LONG_LITERAL: case FLOAT_LITERAL: case DOUBLE_LITERAL:
            case BOOLEAN_LITERAL: case CHAR_LITERAL: case STRING_LITERAL: case NULL_LITERAL:
            case LAMBDA_EXPRESSION:
                // A lambda captures effectively final locals only: their values cannot change.
                return true;
            case MEMBER_REFERENCE: {
                ExpressionTree q = ((com.sun.source.tree.MemberReferenceTree) t).getQualifierExpression();
                TreePath qp = new TreePath(p, q);
                return q.getKind() == Tree.Kind.PARAMETERIZED_TYPE || q.getKind() == Tree.Kind.ARRAY_TYPE
                        || q instanceof IdentifierTree && (((IdentifierTree) q).getName().contentEquals("super")
                                || ((IdentifierTree) q).getName().contentEquals("this"))
                        || lookup.isTypeOrPackage(qp);
            }
            default:
                return false;
        }
    }

    /**
     * The left operand of a {@code +} that may be a string concatenation, lowered by
     * {@link #lowerConditionalShaped} to {@code shaped}: converted to a string now if it is one
     * (JDK-8273914, see {@link #spill}). A local declared with {@code var} holds the operand with
     * the type the {@code +} gives it (a standalone conditional, JLS 15.25), where passing it to a
     * method would make it a poly expression typed by the parameter.
     */
    private Expr spillConcatLeft(TreePath parent, Expr shaped) {
        int n = newTemp(null);
        CodeBlock whole = printer.witness(parent);
        String left = "left$" + condTemps++;
        for (CodeBlock pre : shaped.prelude) {
            states.emit(pre);
        }
        states.emit("{\n$>var $L = $L;\nthis.tmp$$$L = $T.spill($L, false ? $L : null);\n$<}\n",
                left, shaped.code, n, CONCAT, left, whole);
        String readLeft = "left$" + condTemps++;
        return new Expr(CodeBlock.of("$T.readBack(this.tmp$$$L, false ? $L : null, false ? $L : null)",
                CONCAT, n, readLeft, whole), List.of(CodeBlock.of("var $L = $L;\n", readLeft, shaped.code)));
    }

    /** How javac classifies a conditional's operand (JLS 15.25), as far as the processor can tell. */
    private enum Category { BOOLEAN_OR_NUMERIC, REFERENCE, UNKNOWN }

    /**
     * The kind of conditional operand {@code p} is, decided as javac decides it: a method call by
     * its declared return type before inference ({@code <T> T generic(T)} is a reference even
     * where {@code T} is {@code Integer}), anything else by its type.
     */
    private Category category(TreePath p) {
        Tree t = p.getLeaf();
        switch (t.getKind()) {
            case PARENTHESIZED:
                return category(new TreePath(p, ((ParenthesizedTree) t).getExpression()));
            case LAMBDA_EXPRESSION: case MEMBER_REFERENCE: case NULL_LITERAL: case STRING_LITERAL: case NEW_ARRAY:
                return Category.REFERENCE;
            case CONDITIONAL_EXPRESSION: {
                ConditionalExpressionTree c = (ConditionalExpressionTree) t;
                Category a = category(new TreePath(p, c.getTrueExpression()));
                Category b = category(new TreePath(p, c.getFalseExpression()));
                if (a == Category.REFERENCE || b == Category.REFERENCE) {
                    return Category.REFERENCE;
                }
                return a == Category.BOOLEAN_OR_NUMERIC && b == Category.BOOLEAN_OR_NUMERIC ? a : Category.UNKNOWN;
            }
            case METHOD_INVOCATION:
                return invocationCategory(p, (MethodInvocationTree) t);
            case MINUS: case MULTIPLY: case DIVIDE: case REMAINDER: case LEFT_SHIFT: case RIGHT_SHIFT:
            case UNSIGNED_RIGHT_SHIFT: case UNARY_MINUS: case UNARY_PLUS: case BITWISE_COMPLEMENT:
            case LESS_THAN: case LESS_THAN_EQUAL: case GREATER_THAN: case GREATER_THAN_EQUAL: case EQUAL_TO:
            case NOT_EQUAL_TO: case CONDITIONAL_AND: case CONDITIONAL_OR: case LOGICAL_COMPLEMENT: case INSTANCE_OF:
            case AND: case OR: case XOR:
            case PREFIX_INCREMENT: case PREFIX_DECREMENT: case POSTFIX_INCREMENT: case POSTFIX_DECREMENT:
                return Category.BOOLEAN_OR_NUMERIC;
            default:
                return categoryOf(exact.of(p));
        }
    }

    private Category categoryOf(TypeMirror type) {
        if (type == null) {
            return Category.UNKNOWN;
        }
        if (type.getKind() == TypeKind.TYPEVAR || type.getKind() == TypeKind.WILDCARD) {
            return Category.REFERENCE; // javac: never numeric, whatever its bound (a captured one too)
        }
        return type.getKind().isPrimitive() || exact.unboxed(type) != null ? Category.BOOLEAN_OR_NUMERIC : Category.REFERENCE;
    }

    /** {@link #category} of a call: the same for every candidate with that many arguments, or unknown. */
    private Category invocationCategory(TreePath p, MethodInvocationTree mi) {
        if (m.awaits.contains(mi)) {
            return Category.REFERENCE; // <T> T await(Future<T>)
        }
        ExactTypes.Candidates cs = exact.candidates(p, mi);
        if (cs == null) {
            return Category.UNKNOWN;
        }
        Category found = null;
        for (ExecutableElement x : cs.methods) {
            int n = x.getParameters().size();
            int arity = mi.getArguments().size();
            if (!(n == arity || x.isVarArgs() && arity >= n - 1)) {
                continue;
            }
            TypeMirror r = x.getReturnType();
            Category k;
            if (r.getKind() == TypeKind.TYPEVAR && x.getTypeParameters().contains(((javax.lang.model.type.TypeVariable) r).asElement())) {
                k = Category.REFERENCE; // the method's own type variable, before inference
            } else if (cs.receiver != null) {
                try {
                    k = categoryOf(((javax.lang.model.type.ExecutableType) types.asMemberOf(cs.receiver, x)).getReturnType());
                } catch (IllegalArgumentException e) {
                    return Category.UNKNOWN;
                }
            } else if (r.getKind() == TypeKind.TYPEVAR) {
                // A type variable of a class: a reference in that class, maybe a box in a subclass.
                k = lookup.lexicalClasses().contains((TypeElement) x.getEnclosingElement()) ? Category.REFERENCE : Category.UNKNOWN;
            } else {
                k = categoryOf(r);
            }
            if (found != null && found != k) {
                return Category.UNKNOWN;
            }
            found = k;
        }
        return found == null ? Category.UNKNOWN : found;
    }

    private void emitStatementKeepTemps(Expr e, CodeBlock statement) {
        for (CodeBlock pre : e.prelude) {
            states.emit(pre);
        }
        states.emit(statement);
    }

    /**
     * {@code lhs op= rhs} with an await in {@code rhs}: the left operand's value is read before
     * the right-hand side is evaluated (JLS 15.26.2), and the implicit narrowing cast is kept.
     */
    private Expr lowerCompound(TreePath p, CompoundAssignmentTree c) {
        TreePath lhs = new TreePath(p, c.getVariable());
        TreePath rhs = new TreePath(p, c.getExpression());
        if (!m.hasAwait(c.getExpression())) {
            return inOrder(p, lvalueParts(lhs));
        }
        if (printer.handledField(lhs, c.getVariable()) != null) {
            throw cx.fail(c.getVariable(), "jawait: a private field is updated through a handle; await into a local"
                    + " first, then update the field in a statement of its own");
        }
        TypeMirror lt = exact.of(lhs);
        List<TreePath> parts = lvalueParts(lhs);
        List<CodeBlock> prelude = new ArrayList<>();
        for (TreePath part : parts) {
            Expr e = lower(part);
            if (!isStable(part, List.of(rhs))) {
                e = spill(p, part, e);
            }
            prelude.addAll(e.prelude);
            printer.overrides.put(part.getLeaf(), e.code);
        }
        BodyPrinter.Printed target = printer.printExpression(lhs);
        prelude.addAll(target.prelude);
        for (CodeBlock pre : prelude) {
            states.emit(pre);
        }
        CodeBlock old;
        if (parts.isEmpty() && isStable(lhs, List.of(rhs))) {
            // A local that the right-hand side does not assign: reading it after the await gives
            // the value it had before (nothing else can write a local), so nothing is saved.
            old = target.code;
        } else if (lt != null && lt.getKind().isPrimitive()) {
            String field = primitiveTemp(newTemp(lt), lt);
            states.emit("this.$L = $L;\n", field, target.code);
            old = CodeBlock.of("this.$L", field);
        } else {
            int n = newTemp(null);
            states.emit("this.tmp$$$L = $L;\n", n, target.code);
            old = CodeBlock.of("$T.typed(this.tmp$$$L, false ? $L : null)", MACHINES, n, printer.witness(lhs));
        }
        Expr r = lower(rhs);
        for (TreePath part : parts) {
            printer.overrides.remove(part.getLeaf());
        }
        if (lt == null) {
            return compoundOnLocal(c, target.code, old, r);
        }
        ir.suppressWarnings.add("cast");
        return new Expr(CodeBlock.of("$L = ($T) ($L $L ($L))", target.code, TypeName.get(lt), old,
                JavaPrinter.binaryOperator(c), r.code), r.prelude);
    }

    /**
     * {@code target op= r} when the processor cannot tell the target's type: a local declared with
     * {@code var} from the target (a plain re-read: its null and bounds checks already passed) takes
     * its exact type, gets the saved old value, and a real compound assignment on it applies
     * javac's own implicit narrowing (JLS 15.26.2) before the result is stored in the target.
     */
    private Expr compoundOnLocal(CompoundAssignmentTree c, CodeBlock target, CodeBlock old, Expr r) {
        String local = "compound$" + cx.snapshotCount++;
        List<CodeBlock> prelude = new ArrayList<>(r.prelude);
        prelude.add(CodeBlock.of("var $L = $L;\n$L = $L;\n$L $L= ($L);\n", local, target, local, old, local,
                JavaPrinter.binaryOperator(c), r.code));
        return new Expr(CodeBlock.of("$L = $L", target, local), prelude);
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

    // ---- the redirect statement ---------------------------------------------------------

    private String redirect() {
        StringBuilder args = new StringBuilder();
        for (int i = 0; i < m.instances.size(); i++) {
            if (i > 0) {
                args.append(", ");
            }
            args.append(i == 0 ? "this" : m.instances.get(i).getQualifiedName() + ".this");
        }
        for (VariableTree p : m.tree.getParameters()) {
            if (args.length() > 0) {
                args.append(", ");
            }
            args.append(p.getName());
        }
        boolean generic = !MachineEmitter.typeVariables(m).isEmpty();
        String qualified = (m.packageName.isEmpty() ? "" : m.packageName + ".") + m.machineName;
        String machine = "new " + qualified + (generic ? "<>" : "") + "(" + args + ")";
        if (m.kind == AsyncMethod.Kind.EAGER) {
            machine = "dev.jawait.machine.EagerDriver.start(" + machine + ")";
        }
        return "if (true) return " + machine + ";";
    }
}
