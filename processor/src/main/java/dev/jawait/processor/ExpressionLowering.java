package dev.jawait.processor;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.TypeName;
import com.sun.source.tree.ArrayAccessTree;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.BinaryTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompoundAssignmentTree;
import com.sun.source.tree.ConditionalExpressionTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.InstanceOfTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MemberReferenceTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.NewArrayTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.PrimitiveTypeTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TypeCastTree;
import com.sun.source.tree.UnaryTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreeScanner;
import dev.jawait.processor.MachineIr.State;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.lang.model.element.Name;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;

/**
 * Lowers expressions that contain awaits: evaluates them in Java's order (JLS 15.7), spilling the
 * operands evaluated before an await into temporaries, suspends at each await and resumes in a
 * new state, and keeps conditionals, switch operands and compound assignments typed as javac
 * types the source. Returns the code of the value in the state where evaluation ends.
 */
final class ExpressionLowering {
    private static final ClassName MACHINES = ClassName.get("dev.jawait.machine", "Machines");
    private static final ClassName POLL = ClassName.get("dev.jawait", "Poll");
    private static final ClassName CONCAT = ClassName.get("dev.jawait.machine", "ConcatOperand");
    private static final String LOOP = StateLowering.LOOP;
    private static final ClassName FUTURE = ClassName.get("dev.jawait", "Future");
    private static final String READY = StateLowering.READY;
    /** The local of an await's future, polled at once. */
    private static final String AWAITED = "awaited$";
    private static final String CX = StateLowering.CX;

    /** Lowers a switch (statement or expression) whose value goes into {@code target}: statement lowering's job. */
    interface Switches {
        void lowerInto(TreePath sw, CodeBlock target, Arms arms);
    }

    /** Numbers the fields of conditionals and switch operands ({@code condition$N}, {@code switch$N}, {@code left$N}). */
    private int condTemps;

    private final LoweringContext cx;
    private final MemberLookup lookup;
    private final ExactTypes exact;
    private final OperandCategories categories;
    private final BodyPrinter printer;
    private final StateBuilder states;
    private final Temporaries temps;
    private final Switches switches;
    private final AsyncMethod m;

    ExpressionLowering(LoweringContext cx, MemberLookup lookup, ExactTypes exact, BodyPrinter printer,
            StateBuilder states, Temporaries temps, Switches switches) {
        this.cx = cx;
        this.lookup = lookup;
        this.exact = exact;
        this.categories = new OperandCategories(cx.m, cx.types, lookup, exact);
        this.printer = printer;
        this.states = states;
        this.temps = temps;
        this.switches = switches;
        this.m = cx.m;
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

        /**
         * The read-back switch, in parentheses: it stands where the original operand stood, which
         * may be a method call's receiver ({@code (switch ...).equals(x)}), where a bare switch
         * expression does not parse.
         */
        CodeBlock readBack() {
            CodeBlock.Builder b = CodeBlock.builder().add("(switch (this.$L) {\n$>", armField);
            int last = readBacks.size() - 1;
            for (int i = 0; i < last; i++) {
                b.add("case $L -> $L;\n", i, readBacks.get(i));
            }
            b.add("default -> $L;\n", readBacks.get(last));
            return b.add("$<})").build();
        }
    }

    /**
     * Lowers an expression: emits the states its awaits need into the current state and returns
     * the code that computes its value in the state where evaluation ends.
     */
    Expr lower(TreePath p) {
        Tree t = p.getLeaf();
        if (!m.hasAwait(t)) {
            return printer.printExpression(p);
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
        List<TreePath> results = OperandCategories.switchResults(p);
        Arms arms = sameKnownType(results) || !results.stream().allMatch(r -> innerLocals(r, p) != null) ? null
                : new Arms(field, p);
        int held = temps.tempsInStatement;
        int savedFloor = temps.tempFloor;
        temps.tempFloor = held;
        try {
            switches.lowerInto(p, CodeBlock.of("this.$L", field), arms);
        } finally {
            temps.tempFloor = savedFloor;
        }
        temps.tempsInStatement = held;
        if (arms != null) {
            return new Expr(arms.readBack(), List.of());
        }
        return new Expr(CodeBlock.of("$T.typed(this.$L, false ? $L : null)", MACHINES, field,
                printer.witness(p)), List.of());
    }

    /** Whether every result has the same type, known to the processor. */
    private boolean sameKnownType(List<TreePath> results) {
        TypeMirror first = null;
        for (TreePath r : results) {
            TypeMirror t = exact.of(r);
            if (t == null || first != null && !cx.types.isSameType(first, t)) {
                return false;
            }
            first = t;
        }
        return true;
    }

    /**
     * What the witness of result {@code r} of switch {@code sw} prints instead of the locals it
     * names that are declared inside the switch and stay real locals (out of scope after it): a
     * placeholder of the declared type, {@code ((int[]) null)[0]} or {@code ((Foo[]) null)[0]}. Empty when there
     * are none; null when a local is declared with {@code var}. Needed even when the result's type
     * is known: a reference result is still read back through its witness ({@code "" + x.s}).
     */
    private Map<Tree, CodeBlock> innerLocals(TreePath r, TreePath sw) {
        Map<Tree, CodeBlock> out = new IdentityHashMap<>();
        boolean[] unknown = {false};
        long swStart = cx.positions.getStartPosition(m.unit, sw.getLeaf());
        long swEnd = cx.positions.getEndPosition(m.unit, sw.getLeaf());
        new com.sun.source.util.TreePathScanner<Void, Void>() {
            @Override
            public Void visitIdentifier(IdentifierTree node, Void unused) {
                VariableTree decl = lookup.localDeclaration(getCurrentPath(), node.getName());
                if (decl == null || cx.fieldOf.containsKey(decl)) {
                    return null;
                }
                long at = cx.positions.getStartPosition(m.unit, decl);
                if (at < swStart || at >= swEnd) {
                    return null;
                }
                TreePath declPath = TreePath.getPath(m.unit, decl);
                Tree type = decl.getType();
                if (declPath == null || !TypeWritability.writesItsType(decl, cx.positions, m.unit)
                        || printer.sourceOf(type).equals("var")) {
                    unknown[0] = true;
                    return null;
                }
                CodeBlock t = printer.witness(new TreePath(declPath, type));
                // An element of a null array: a variable of exactly that type, so that x++ and x = v
                // stay valid, and no cast that -Xlint calls redundant (as ((int) 0) was).
                out.put(node, CodeBlock.of("(($L[]) null)[0]", t));
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
            TreePath shaped = spill ? categories.shapedConditional(op) : null;
            TypeMirror target = spill && shaped == null ? primitiveTargetOfUnclassified(categories.unparenPath(op)) : null;
            TreePath switchOp = spill ? categories.unparenPath(op) : null;
            if (switchOp != null && switchOp.getLeaf().getKind() == Tree.Kind.SWITCH_EXPRESSION
                    && (m.hasAwait(leaf) || !sameKnownType(OperandCategories.switchResults(switchOp)))) {
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
                if (target != null) {
                    e = spillConverted(e, target);
                } else if (spill) {
                    e = spill(p, op, e);
                }
                prelude.addAll(e.prelude);
                printer.overrides.put(leaf, e.code);
                overridden.add(leaf);
            }
        }
        Expr pr = printer.printExpression(p);
        for (Tree o : overridden) {
            printer.overrides.remove(o);
        }
        prelude.addAll(pr.prelude);
        return new Expr(pr.code, prelude);
    }

    /**
     * For a conditional the processor cannot classify, kept across an await: the primitive type
     * its context converts it to ({@link OperandCategories#primitiveTarget}), its value stored
     * converted there, in a temporary of that type; null when a witness types it exactly; an error
     * when the processor cannot tell (never a guessed type).
     */
    private TypeMirror primitiveTargetOfUnclassified(TreePath p) {
        if (p.getLeaf().getKind() != Tree.Kind.CONDITIONAL_EXPRESSION
                || categories.category(p) != OperandCategories.Category.UNKNOWN) {
            return null;
        }
        TypeMirror target = categories.primitiveTarget(p);
        if (target != null && target.getKind() == TypeKind.NONE) {
            throw cx.fail(p.getLeaf(), "jawait: whether this conditional converts its branches one by one (JLS 15.25)"
                    + " depends on which overload a branch calls, which the processor cannot tell here, and an await"
                    + " in the expression makes it keep the value across a suspension; await into a local variable"
                    + " first, or cast the branch to its type");
        }
        return target;
    }

    /** Stores {@code value} converted to primitive {@code target} now (assignment context); reads the temporary later. */
    private Expr spillConverted(Expr value, TypeMirror target) {
        String field = temps.primitiveTemp(temps.newTemp(target), target);
        emitStatementKeepTemps(value, CodeBlock.of("this.$L = $L;\n", field, value.code));
        return new Expr(CodeBlock.of("this.$L", field), List.of());
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
        int n = temps.newTemp(primitive);
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
            boolean convert = t.getKind() == TypeKind.DECLARED && !exact.isStringOrBox(t);
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
            String field = temps.primitiveTemp(n, primitive);
            states.emit("this.$L = $L;\n", field, value.code);
            return new Expr(CodeBlock.of("this.$L", field), List.of());
        }
        states.emit("this.tmp$$$L = $L;\n", n, value.code);
        return new Expr(CodeBlock.of("$T.typed(this.tmp$$$L, false ? $L : null)", MACHINES, n, witness),
                List.of());
    }

    /**
     * The type of {@code op} when it is a primitive type that {@link ExactTypes} derives from
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
        return t == null || t.getKind() == TypeKind.DECLARED && !exact.isStringOrBox(t);
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
                return ms.getIdentifier().contentEquals("class") || ms.getIdentifier().contentEquals("this")
                        || ms.getIdentifier().contentEquals("super"); // 'Iface.super', the qualifier of a call
            }
            case IDENTIFIER: {
                Name name = ((IdentifierTree) t).getName();
                if (name.contentEquals("this") || name.contentEquals("super")) {
                    return true; // 'super' as the qualifier of a field or method: the same instance
                }
                VariableTree decl = lookup.localDeclaration(op, name);
                if (decl == null) {
                    decl = CaseLabels.bindingInScope(op, name.toString()); // a case's pattern variable
                }
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
        // The future is polled at once, and stored as the machine's child only if it is pending:
        // an await of a ready future costs no store (AsyncMachine.awaitNow). Both polls are
        // written here, not in a helper: one call site per await for the JIT (AsyncMachine).
        // 'state' names the resume state before the poll only if that state is in another try
        // region (a failure of the poll is routed from the resume state's); otherwise only
        // when the machine suspends.
        State resume = states.newState();
        cx.ir.awaitsAtOnce = true;
        boolean sameRegion = states.cur == null || states.cur.handler == resume.handler;
        CodeBlock target = declaredTarget(p, arg);
        if (target == null) {
            states.emit("$T<?> $L = awaitNow($T.awaitable($L));\n", FUTURE, AWAITED, MACHINES, e.code);
        } else {
            states.emit("$T<?> $L = awaitNow($T.<$L>awaitableAs($L));\n", FUTURE, AWAITED, MACHINES, target, e.code);
        }
        if (!sameRegion) {
            states.emit("this.state = $L;\n", resume);
        }
        states.emit("$L = $L.poll($L);\nif ($L.isPending()) {\n$>", StateLowering.AT_ONCE, AWAITED, CX, StateLowering.AT_ONCE);
        if (sameRegion) {
            states.emit("this.state = $L;\n", resume);
        }
        states.emit("return suspendOn($L);\n$<}\n", AWAITED);
        states.goTo(resume);
        states.place(resume);
        states.emit(takeReadyAtOnce());
        return new Expr(CodeBlock.of("this.awaited($L, false ? $L : null)", READY, printer.witness(arg)), List.of());
    }

    /**
     * The type that {@code T x = await(...)} declares (or that of {@code x} in
     * {@code x = await(...)}), printed, when the awaited expression holds a lambda or method
     * reference: in the source the await's target types it (through the
     * inference of {@code await}'s type argument, JLS 18.5.2), while the machine evaluates the
     * future on its own, where such a lambda may have no type ({@code make(() -> "x")} with
     * {@code <V> Future<V> make(V v)}). Null otherwise: a primitive target, or one the
     * processor does not know, leaves the future's expression as the source wrote it.
     */
    private CodeBlock declaredTarget(TreePath await, TreePath arg) {
        TreePath parent = await.getParentPath();
        while (parent.getLeaf() instanceof ParenthesizedTree) {
            parent = parent.getParentPath();
        }
        if (!holdsFunctionalExpression(arg.getLeaf())) {
            return null;
        }
        if (parent.getLeaf() instanceof AssignmentTree) {
            // 'x = await(...)' to a variable named by itself: its declared type
            AssignmentTree a = (AssignmentTree) parent.getLeaf();
            TreePath variable = OperandCategories.unparenPath(new TreePath(parent, a.getVariable()));
            TypeMirror t = variable.getLeaf() instanceof IdentifierTree ? exact.of(variable) : null;
            return ExactTypes.isReference(t) ? CodeBlock.of("$T", LocalClasses.typeName(t)) : null;
        }
        if (!(parent.getLeaf() instanceof VariableTree)) {
            return null;
        }
        VariableTree v = (VariableTree) parent.getLeaf();
        if (!TypeWritability.writesItsType(v, cx.positions, m.unit) || v.getType() instanceof PrimitiveTypeTree) {
            return null;
        }
        return printer.print(new TreePath(parent, v.getType()));
    }

    /** Whether {@code t} holds a lambda or method reference outside lambda and class bodies. */
    private static boolean holdsFunctionalExpression(Tree t) {
        Boolean found = new TreeScanner<Boolean, Void>() {
            @Override
            public Boolean visitLambdaExpression(LambdaExpressionTree node, Void p) {
                return true;
            }

            @Override
            public Boolean visitMemberReference(MemberReferenceTree node, Void p) {
                return true;
            }

            @Override
            public Boolean visitClass(ClassTree node, Void p) {
                return false;
            }

            @Override
            public Boolean reduce(Boolean a, Boolean b) {
                return Boolean.TRUE.equals(a) || Boolean.TRUE.equals(b);
            }
        }.scan(t, null);
        return Boolean.TRUE.equals(found);
    }

    /**
     * The first statements of an await's resume state: take the poll of the await if it found
     * its future ready at once, or else (resumed after a suspension) poll the awaited child and
     * suspend while it is pending; that {@link dev.jawait.Poll} stays in a local for the value
     * ({@code awaited(ready$, ...)}).
     */
    private CodeBlock takeReadyAtOnce() {
        String atOnce = StateLowering.AT_ONCE;
        return CodeBlock.of("$T<?> $L = $L;\nif ($L == null) {\n$>$L = child().poll($L);\nif (!takeReady($L)) {\n$>"
                + "return suspend();\n$<}\n$<} else {\n$>$L = null;\n$<}\n",
                POLL, READY, atOnce, READY, READY, CX, READY, atOnce);
    }

    /**
     * The first statements of a resume state entered only through the switch (the await of a
     * returned future): poll the awaited child, suspend while it is pending; its
     * {@link dev.jawait.Poll} stays in a local for the value.
     */
    CodeBlock pollChild() {
        return CodeBlock.of("$T<?> $L = child().poll($L);\nif (!takeReady($L)) {\n$>return suspend();\n$<}\n",
                POLL, READY, CX, READY);
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
        emitStatementKeepTemps(left, CodeBlock.of("this.$L = $L;\nif ($Lthis.$L) {\n$>this.state = $L;\ncontinue $L;\n$<}\n",
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
        if (categories.keepsShape(p)) {
            return lowerConditionalShaped(p, c);
        }
        TypeMirror target = primitiveTargetOfUnclassified(p);
        TypeMirror own = exact.of(p);
        if (target == null && own != null && own.getKind().isPrimitive()) {
            // Kept in a temporary of its own primitive type: read back through Machines.typed it
            // would be its box, and an overloaded call resolves a box differently (JLS 15.12.2.2
            // does not unbox: h(Object) over h(double)).
            target = own;
        } else if (target == null && own == null && categories.category(p) == OperandCategories.Category.BOOLEAN_OR_NUMERIC) {
            target = numericConditionalType(p, c);
        }
        // A boolean or numeric conditional (or one the processor cannot classify): standalone,
        // so the witness of the whole types it exactly. Each branch stores its value converted
        // as the conditional converts it (binary numeric promotion, unboxing: JLS 15.25), by
        // storing it as the chosen branch of a copy of the conditional whose other branch is
        // never evaluated; without a type of its own a branch could not be read back as that type.
        boolean promote = own == null;
        int n = temps.newTemp(target);
        String into = target == null ? "tmp$" + n : temps.primitiveTemp(n, target);
        Expr cond = lower(new TreePath(p, c.getCondition()));
        State otherwise = states.newState();
        State join = states.newState();
        emitStatementKeepTemps(cond, CodeBlock.of("if (!($L)) {\n$>this.state = $L;\ncontinue $L;\n$<}\n",
                cond.code, otherwise, LOOP));
        Expr t = lower(new TreePath(p, c.getTrueExpression()));
        emitStatementKeepTemps(t, promote
                ? CodeBlock.of("this.$L = true ? $L : $L;\n", into, t.code, printer.witness(new TreePath(p, c.getFalseExpression())))
                : CodeBlock.of("this.$L = $L;\n", into, t.code));
        states.goTo(join);
        states.place(otherwise);
        Expr f = lower(new TreePath(p, c.getFalseExpression()));
        emitStatementKeepTemps(f, promote
                ? CodeBlock.of("this.$L = false ? $L : $L;\n", into, printer.witness(new TreePath(p, c.getTrueExpression())), f.code)
                : CodeBlock.of("this.$L = $L;\n", into, f.code));
        states.goTo(join);
        states.place(join);
        if (target != null) {
            return new Expr(CodeBlock.of("this.$L", into), List.of());
        }
        return new Expr(CodeBlock.of("$T.typed(this.tmp$$$L, false ? $L : null)", MACHINES, n, printer.witness(p)),
                List.of());
    }

    /**
     * The type of numeric or boolean conditional {@code p} (JLS 15.25) from its branches' types,
     * when it is a primitive: a primitive and its box give the primitive, two numeric types
     * their binary promotion. Null when a branch is untyped, or of {@code byte}, {@code short} or
     * {@code char} (where a constant branch decides); its box is read back then, as before, which
     * an overload of a primitive and of {@code Object} may take differently (a known gap).
     */
    private TypeMirror numericConditionalType(TreePath p, ConditionalExpressionTree c) {
        TypeMirror a = exact.unboxed(exact.of(new TreePath(p, c.getTrueExpression())));
        TypeMirror b = exact.unboxed(exact.of(new TreePath(p, c.getFalseExpression())));
        if (a == null || b == null) {
            return null;
        }
        if (a.getKind() == TypeKind.BOOLEAN || b.getKind() == TypeKind.BOOLEAN) {
            return a.getKind() == b.getKind() ? a : null;
        }
        if (a.getKind() == b.getKind()) {
            return a;
        }
        for (TypeMirror t : List.of(a, b)) {
            if (t.getKind() == TypeKind.BYTE || t.getKind() == TypeKind.SHORT || t.getKind() == TypeKind.CHAR) {
                return null;
            }
        }
        return exact.binaryPromotion(a, b);
    }

    /**
     * A conditional whose value depends on its context ({@link OperandCategories#keepsShape}): the condition is
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
            emitStatementKeepTemps(cond, CodeBlock.of("this.$L = $L;\nif (!this.$L) {\n$>this.state = $L;\ncontinue $L;\n$<}\n",
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
        if (!m.hasAwait(e) && categories.evaluatedLaterIsSame(branch)) {
            Expr pr = printer.printExpression(branch);
            prelude.addAll(pr.prelude);
            return pr.code;
        }
        if (e.getKind() == Tree.Kind.CONDITIONAL_EXPRESSION && categories.keepsShape(branch)) {
            Expr inner = lowerConditionalShaped(branch, (ConditionalExpressionTree) e);
            prelude.addAll(inner.prelude);
            return inner.code;
        }
        if (e.getKind() == Tree.Kind.MEMBER_REFERENCE && !m.hasAwait(e)) {
            // 'expr::m': the receiver is evaluated (and null-checked) now, the reference later.
            List<Tree> overridden = new ArrayList<>();
            spillReceiver(branch, prelude, overridden);
            Expr pr = printer.printExpression(branch);
            for (Tree o : overridden) {
                printer.overrides.remove(o);
            }
            prelude.addAll(pr.prelude);
            return pr.code;
        }
        if (categories.needsTarget(e)) {
            throw cx.fail(e, "jawait: a lambda or method reference that awaits (in its receiver) cannot be a branch"
                    + " of a conditional around an await; await into a local variable first");
        }
        TypeMirror type = exact.of(branch);
        TypeMirror primitive = type != null && type.getKind().isPrimitive() ? type : null;
        int n = temps.newTemp(primitive);
        Expr value = lower(branch);
        if (primitive != null) {
            String field = temps.primitiveTemp(n, primitive);
            emitStatementKeepTemps(value, CodeBlock.of("this.$L = $L;\n", field, value.code));
            return CodeBlock.of("this.$L", field);
        }
        emitStatementKeepTemps(value, CodeBlock.of("this.tmp$$$L = $L;\n", n, value.code));
        // A cast to the box is a numeric operand; only a branch that is one may be read back so.
        // An await, or another generic call, is a reference operand whatever its type (JLS 15.25).
        if (type != null && exact.unboxed(type) != null
                && categories.category(branch) == OperandCategories.Category.BOOLEAN_OR_NUMERIC) {
            return CodeBlock.of("(($T) this.tmp$$$L)", TypeName.get(type), n);
        }
        return CodeBlock.of("$T.typed(this.tmp$$$L, false ? $L : null)", MACHINES, n, printer.witness(branch));
    }

    /**
     * The left operand of a {@code +} that may be a string concatenation, lowered by
     * {@link #lowerConditionalShaped} to {@code shaped}: converted to a string now if it is one
     * (JDK-8273914, see {@link #spill}). A local declared with {@code var} holds the operand with
     * the type the {@code +} gives it (a standalone conditional, JLS 15.25), where passing it to a
     * method would make it a poly expression typed by the parameter.
     */
    private Expr spillConcatLeft(TreePath parent, Expr shaped) {
        int n = temps.newTemp(null);
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
        VariableElement handled = printer.handledField(p, c.getVariable());
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
        if (handled != null) {
            return handledCompound(p, c, handled, prelude, parts);
        }
        Expr target = printer.printExpression(lhs);
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
            String field = temps.primitiveTemp(temps.newTemp(lt), lt);
            states.emit("this.$L = $L;\n", field, target.code);
            old = CodeBlock.of("this.$L", field);
        } else {
            int n = temps.newTemp(null);
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
        cx.ir.suppressWarnings.add("cast");
        return new Expr(CodeBlock.of("$L = ($T) ($L $L ($L))", target.code, TypeName.get(lt), old,
                JavaPrinter.binaryOperator(c), r.code), r.prelude);
    }

    /**
     * {@link #lowerCompound} on a field {@code f} reached through a handle (a private field of
     * the user's class, of this or another object): the object, evaluated once before the await
     * ({@code parts} already spilled), then the field's value read and saved, then the awaited
     * right-hand side, and a {@code set} of the narrowed result (JLS 15.26.2), which is also the
     * expression's value where that is used.
     */
    private Expr handledCompound(TreePath p, CompoundAssignmentTree c, VariableElement f, List<CodeBlock> prelude,
            List<TreePath> parts) {
        Expr receiver = printer.handleReceiver(p, c.getVariable(), f);
        CodeBlock inst = receiver == null ? null : receiver.code;
        if (receiver != null) {
            prelude.addAll(receiver.prelude);
        }
        for (CodeBlock pre : prelude) {
            states.emit(pre);
        }
        CodeBlock read = printer.handleGet(f, inst);
        TypeMirror ft = f.asType();
        CodeBlock old;
        if (ft.getKind().isPrimitive()) {
            String field = temps.primitiveTemp(temps.newTemp(ft), ft);
            states.emit("this.$L = $L;\n", field, read);
            old = CodeBlock.of("this.$L", field);
        } else {
            int n = temps.newTemp(null);
            states.emit("this.tmp$$$L = $L;\n", n, read);
            old = CodeBlock.of("$T.typed(this.tmp$$$L, false ? $L : null)", MACHINES, n, read);
        }
        Expr r = lower(new TreePath(p, c.getExpression()));
        for (TreePath part : parts) {
            printer.overrides.remove(part.getLeaf());
        }
        if (printer.isStatementExpression(p)) {
            CodeBlock value = CodeBlock.of("($T) ($L $L ($L))", printer.handleCastType(f), old,
                    JavaPrinter.binaryOperator(c), r.code);
            return new Expr(printer.handleSet(f, inst, value), r.prelude);
        }
        // Used as a value: the new value, narrowed, is the expression's (JLS 15.26.2).
        String value = "value$" + cx.snapshotCount++;
        CodeBlock.Builder b = CodeBlock.builder();
        printer.updateCopy(b, f, inst, c, old, r.code, value);
        return new Expr(BodyPrinter.valueOfBlock(b.build(), value), r.prelude);
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
}
