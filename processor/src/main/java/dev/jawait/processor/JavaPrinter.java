package dev.jawait.processor;

import com.palantir.javapoet.CodeBlock;
import com.sun.source.tree.AnnotatedTypeTree;
import com.sun.source.tree.AnnotationTree;
import com.sun.source.tree.ArrayAccessTree;
import com.sun.source.tree.ArrayTypeTree;
import com.sun.source.tree.AssertTree;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.BinaryTree;
import com.sun.source.tree.BindingPatternTree;
import com.sun.source.tree.BlockTree;
import com.sun.source.tree.BreakTree;
import com.sun.source.tree.CaseTree;
import com.sun.source.tree.CatchTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.CompoundAssignmentTree;
import com.sun.source.tree.ConditionalExpressionTree;
import com.sun.source.tree.ContinueTree;
import com.sun.source.tree.DoWhileLoopTree;
import com.sun.source.tree.EnhancedForLoopTree;
import com.sun.source.tree.ExpressionStatementTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.ForLoopTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.IfTree;
import com.sun.source.tree.InstanceOfTree;
import com.sun.source.tree.IntersectionTypeTree;
import com.sun.source.tree.LabeledStatementTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MemberReferenceTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.NewArrayTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.ParameterizedTypeTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.PrimitiveTypeTree;
import com.sun.source.tree.ReturnTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.SwitchExpressionTree;
import com.sun.source.tree.SwitchTree;
import com.sun.source.tree.SynchronizedTree;
import com.sun.source.tree.ThrowTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TryTree;
import com.sun.source.tree.TypeCastTree;
import com.sun.source.tree.TypeParameterTree;
import com.sun.source.tree.UnaryTree;
import com.sun.source.tree.UnionTypeTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.tree.WhileLoopTree;
import com.sun.source.tree.WildcardTree;
import com.sun.source.tree.YieldTree;
import com.sun.source.util.SourcePositions;
import com.sun.source.util.TreePath;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.Name;

/**
 * Prints {@code com.sun.source} trees back to Java source, for the parts of an {@code @Async} body
 * that are copied into the machine (javac's {@code toString()} of trees is not a stable output
 * format). Subclasses rewrite names through the hooks: {@link #identifier}, {@link #memberSelect},
 * {@link #invocation} and {@link #jumpOut}; {@link #overrides} replaces whole subtrees with text
 * computed by the lowering (awaits, spilled temporaries).
 *
 * <p>The printer tracks the jump targets (loops, switches, labels) and the lambda / class bodies
 * it has entered, so that it can tell a {@code break} / {@code continue} / {@code return} that
 * leaves the printed code (the hook handles it) from one that stays inside (printed as is).
 *
 * <p>This class prints statements and expressions; {@link DeclarationPrinter} prints
 * declarations (variables, local and anonymous classes) and {@link TreeWriter} holds the output.
 */
abstract class JavaPrinter extends DeclarationPrinter {
    /** Subtrees already lowered to code. */
    final Map<Tree, CodeBlock> overrides = new IdentityHashMap<>();
    /**
     * Set by a hook that printed a statement expression ({@link #isStatementExpression}) as a
     * block of statements, which takes no {@code ;}; whoever prints the statement clears it.
     */
    protected boolean printedAsBlock;
    /** The {@code for} loops whose initialisers and updates are being printed (statement expressions only). */
    private final java.util.Set<Tree> forHeaders = java.util.Collections.newSetFromMap(new IdentityHashMap<>());

    JavaPrinter(CompilationUnitTree unit, SourcePositions positions) {
        super(unit, positions);
    }

    /**
     * Whether expression {@code p} is an initialiser or update of a {@code for} loop printed as a
     * loop, where only a statement expression may stand (not a block, nor a switch expression).
     */
    protected final boolean inForHeader(TreePath p) {
        Tree statement = p.getLeaf();
        Tree parent = p.getParentPath().getLeaf();
        if (parent instanceof ExpressionStatementTree) {
            statement = parent;
            parent = p.getParentPath().getParentPath().getLeaf();
        }
        if (!forHeaders.contains(parent)) {
            return false;
        }
        ForLoopTree f = (ForLoopTree) parent;
        for (ExpressionStatementTree u : f.getUpdate()) {
            if (u == statement || u.getExpression() == statement) {
                return true; // (an update is printed without its statement)
            }
        }
        return f.getInitializer().contains(statement);
    }

    /**
     * Whether the value of expression {@code p} is unused: it is a statement expression (JLS
     * 14.8) of an expression statement, of a {@code for} loop's header, or of a rule of a
     * {@code switch} statement (a lambda's expression body may be void or not: not here).
     */
    protected final boolean isStatementExpression(TreePath p) {
        Tree parent = p.getParentPath().getLeaf();
        return parent instanceof ExpressionStatementTree || inForHeader(p)
                || parent instanceof CaseTree && p.getParentPath().getParentPath().getLeaf() instanceof SwitchTree;
    }

    // ---- hooks --------------------------------------------------------------------------

    /** Prints an identifier in expression or type position; the default prints its name. */
    protected void identifier(TreePath path, IdentifierTree t) {
        emit(t.getName().toString());
    }

    /**
     * Prints the implicit enclosing instance and the simple class name of {@code new Inner(...)}
     * when {@code Inner} is an inner (non-static) member class, as {@code outer.new Inner};
     * return false to get the default.
     */
    protected boolean implicitOuterInstance(TreePath path, NewClassTree n) {
        return false;
    }

    /**
     * Prints {@code new C(...)} specially when the machine cannot call that constructor directly
     * (a private one, called through a handle); return false to get the default.
     */
    protected boolean newInstance(TreePath path, NewClassTree n) {
        return false;
    }

    /**
     * Prints a Java 9 resource reference ({@code try (r)}), which must stay a final or effectively
     * final variable, when the rewritten name would not be one (e.g. a local moved to a field);
     * return false to get the default.
     */
    protected boolean resourceReference(TreePath path) {
        return false;
    }

    /** Prints {@code a.b}; return false to get the default. */
    protected boolean memberSelect(TreePath path, MemberSelectTree t) {
        return false;
    }

    /**
     * Prints a whole assignment, compound assignment or increment at {@code path} whose target is
     * {@code target}, when the target needs special code (e.g. a field reached through a handle);
     * return false to get the default.
     */
    protected boolean store(TreePath path, ExpressionTree target) {
        return false;
    }

    /** Prints the variable of a binding pattern. */
    protected void bindingPattern(TreePath path, VariableTree v) {
        variableDecl(path, v);
    }

    /**
     * Prints {@code e instanceof P}, {@code P} a type or record {@code pattern}, specially (e.g. a
     * hoisted pattern variable); false for the default.
     */
    protected boolean instanceOfPattern(TreePath path, InstanceOfTree io, Tree pattern) {
        return false;
    }

    /** Prints an {@code assert} statement; return false to get the default. */
    protected boolean assertion(TreePath path, AssertTree a) {
        return false;
    }

    /** Checks a method or constructor reference before it is printed as it is; the default accepts all. */
    protected void checkMemberReference(TreePath path, MemberReferenceTree mr) {}

    /** Prints a method call; return false to get the default. */
    protected boolean invocation(TreePath path, MethodInvocationTree t) {
        return false;
    }

    /**
     * Prints a {@code break}, {@code continue} or {@code return} whose target lies outside the
     * printed code (for {@code return}: outside every lambda and class body).
     */
    protected abstract void jumpOut(TreePath path, StatementTree t);

    // ---- the printer --------------------------------------------------------------------

    void node(TreePath p) {
        Tree t = p.getLeaf();
        CodeBlock o = overrides.get(t);
        if (o != null) {
            out.add(o);
            return;
        }
        switch (t.getKind()) {
            case IDENTIFIER:
                identifier(p, (IdentifierTree) t);
                return;
            case MEMBER_SELECT: {
                MemberSelectTree ms = (MemberSelectTree) t;
                if (!memberSelect(p, ms)) {
                    child(p, ms.getExpression());
                    emit("." + ms.getIdentifier());
                }
                return;
            }
            case METHOD_INVOCATION: {
                MethodInvocationTree mi = (MethodInvocationTree) t;
                if (!invocation(p, mi)) {
                    defaultInvocation(p, mi, null);
                }
                return;
            }
            case NEW_CLASS:
                newClass(p, (NewClassTree) t);
                return;
            case NEW_ARRAY:
                newArray(p, (NewArrayTree) t);
                return;
            case LAMBDA_EXPRESSION:
                lambda(p, (LambdaExpressionTree) t);
                return;
            case MEMBER_REFERENCE: {
                MemberReferenceTree mr = (MemberReferenceTree) t;
                checkMemberReference(p, mr);
                child(p, mr.getQualifierExpression());
                emit("::");
                if (mr.getTypeArguments() != null && !mr.getTypeArguments().isEmpty()) {
                    emit("<");
                    list(p, mr.getTypeArguments(), ", ");
                    emit(">");
                }
                emit(mr.getMode() == MemberReferenceTree.ReferenceMode.NEW ? "new" : mr.getName().toString());
                return;
            }
            case INT_LITERAL: case LONG_LITERAL: case FLOAT_LITERAL: case DOUBLE_LITERAL:
            case BOOLEAN_LITERAL: case CHAR_LITERAL: case STRING_LITERAL: case NULL_LITERAL:
                emit(sourceOf(t));
                return;
            case PARENTHESIZED:
                emit("(");
                child(p, ((ParenthesizedTree) t).getExpression());
                emit(")");
                return;
            case TYPE_CAST: {
                TypeCastTree c = (TypeCastTree) t;
                emit("(");
                child(p, c.getType());
                emit(") ");
                child(p, c.getExpression());
                return;
            }
            case INSTANCE_OF: {
                InstanceOfTree io = (InstanceOfTree) t;
                if (io.getPattern() != null && instanceOfPattern(p, io, io.getPattern())) {
                    return;
                }
                child(p, io.getExpression());
                emit(" instanceof ");
                Tree pattern = io.getPattern();
                if (pattern != null) {
                    child(p, pattern);
                } else {
                    child(p, io.getType());
                }
                return;
            }
            case BINDING_PATTERN: {
                VariableTree v = ((BindingPatternTree) t).getVariable();
                bindingPattern(new TreePath(p, v), v);
                return;
            }
            case ARRAY_ACCESS: {
                ArrayAccessTree a = (ArrayAccessTree) t;
                child(p, a.getExpression());
                emit("[");
                child(p, a.getIndex());
                emit("]");
                return;
            }
            case CONDITIONAL_EXPRESSION: {
                ConditionalExpressionTree c = (ConditionalExpressionTree) t;
                child(p, c.getCondition());
                emit(" ? ");
                child(p, c.getTrueExpression());
                emit(" : ");
                child(p, c.getFalseExpression());
                return;
            }
            case ASSIGNMENT: {
                AssignmentTree a = (AssignmentTree) t;
                if (store(p, a.getVariable())) {
                    return;
                }
                child(p, a.getVariable());
                emit(" = ");
                child(p, a.getExpression());
                return;
            }
            case SWITCH_EXPRESSION:
                switchExpression(p, (SwitchExpressionTree) t);
                return;
            // types
            case PRIMITIVE_TYPE:
                emit(((PrimitiveTypeTree) t).getPrimitiveTypeKind().toString().toLowerCase(java.util.Locale.ROOT));
                return;
            case ARRAY_TYPE:
                child(p, ((ArrayTypeTree) t).getType());
                emit("[]");
                return;
            case PARAMETERIZED_TYPE: {
                ParameterizedTypeTree pt = (ParameterizedTypeTree) t;
                child(p, pt.getType());
                emit("<");
                list(p, pt.getTypeArguments(), ", ");
                emit(">");
                return;
            }
            case UNBOUNDED_WILDCARD:
                emit("?");
                return;
            case EXTENDS_WILDCARD:
                emit("? extends ");
                child(p, ((WildcardTree) t).getBound());
                return;
            case SUPER_WILDCARD:
                emit("? super ");
                child(p, ((WildcardTree) t).getBound());
                return;
            case UNION_TYPE:
                list(p, ((UnionTypeTree) t).getTypeAlternatives(), " | ");
                return;
            case INTERSECTION_TYPE:
                list(p, ((IntersectionTypeTree) t).getBounds(), " & ");
                return;
            case ANNOTATED_TYPE: {
                AnnotatedTypeTree at = (AnnotatedTypeTree) t;
                for (AnnotationTree a : at.getAnnotations()) {
                    child(p, a);
                    emit(" ");
                }
                child(p, at.getUnderlyingType());
                return;
            }
            case ANNOTATION: case TYPE_ANNOTATION: {
                AnnotationTree a = (AnnotationTree) t;
                emit("@");
                child(p, a.getAnnotationType());
                if (!a.getArguments().isEmpty()) {
                    emit("(");
                    list(p, a.getArguments(), ", ");
                    emit(")");
                }
                return;
            }
            case TYPE_PARAMETER: {
                TypeParameterTree tp = (TypeParameterTree) t;
                emit(tp.getName().toString());
                if (!tp.getBounds().isEmpty()) {
                    emit(" extends ");
                    list(p, tp.getBounds(), " & ");
                }
                return;
            }
            // statements
            case BLOCK:
                block(p, (BlockTree) t);
                return;
            case VARIABLE:
                variableDecl(p, (VariableTree) t);
                emit(";");
                return;
            case EXPRESSION_STATEMENT:
                printedAsBlock = false;
                child(p, ((ExpressionStatementTree) t).getExpression());
                if (!printedAsBlock) {
                    emit(";");
                }
                printedAsBlock = false;
                return;
            case EMPTY_STATEMENT:
                emit(";");
                return;
            case IF: {
                IfTree i = (IfTree) t;
                emit("if (");
                child(p, unparen(i.getCondition()));
                emit(") ");
                child(p, i.getThenStatement());
                if (i.getElseStatement() != null) {
                    emit(" else ");
                    child(p, i.getElseStatement());
                }
                return;
            }
            case WHILE_LOOP: {
                WhileLoopTree w = (WhileLoopTree) t;
                emit("while (");
                child(p, unparen(w.getCondition()));
                emit(") ");
                target(p, w.getStatement(), t);
                return;
            }
            case DO_WHILE_LOOP: {
                DoWhileLoopTree d = (DoWhileLoopTree) t;
                emit("do ");
                target(p, d.getStatement(), t);
                emit(" while (");
                child(p, unparen(d.getCondition()));
                emit(");");
                return;
            }
            case FOR_LOOP: {
                ForLoopTree f = (ForLoopTree) t;
                emit("for (");
                forHeaders.add(f);
                try {
                    forInit(p, f.getInitializer());
                    emit("; ");
                    child(p, f.getCondition());
                    emit("; ");
                    for (int i = 0; i < f.getUpdate().size(); i++) {
                        if (i > 0) {
                            emit(", ");
                        }
                        child(p, f.getUpdate().get(i).getExpression());
                    }
                } finally {
                    forHeaders.remove(f);
                }
                emit(") ");
                target(p, f.getStatement(), t);
                return;
            }
            case ENHANCED_FOR_LOOP: {
                EnhancedForLoopTree f = (EnhancedForLoopTree) t;
                emit("for (");
                variableDecl(new TreePath(p, f.getVariable()), f.getVariable());
                emit(" : ");
                child(p, f.getExpression());
                emit(") ");
                target(p, f.getStatement(), t);
                return;
            }
            case LABELED_STATEMENT: {
                LabeledStatementTree l = (LabeledStatementTree) t;
                emit(l.getLabel() + ": ");
                target(p, l.getStatement(), t);
                return;
            }
            case SWITCH: {
                SwitchTree s = (SwitchTree) t;
                switchBlock(p, t, s.getExpression(), s.getCases());
                return;
            }
            case CASE:
                caseTree(p, (CaseTree) t);
                return;
            case BREAK: case CONTINUE: {
                Name label = t instanceof BreakTree ? ((BreakTree) t).getLabel() : ((ContinueTree) t).getLabel();
                if (isLocalTarget(t, label)) {
                    emit((t instanceof BreakTree ? "break" : "continue") + (label == null ? "" : " " + label) + ";");
                } else {
                    jumpOut(p, (StatementTree) t);
                }
                return;
            }
            case RETURN: {
                ReturnTree r = (ReturnTree) t;
                if (lambdaDepth > 0 || classDepth > 0) {
                    emit("return");
                    if (r.getExpression() != null) {
                        emit(" ");
                        child(p, r.getExpression());
                    }
                    emit(";");
                } else {
                    jumpOut(p, r);
                }
                return;
            }
            case YIELD: {
                boolean local = false;
                for (Tree target : jumpTargets) {
                    local |= target instanceof SwitchExpressionTree;
                }
                if (!local) {
                    jumpOut(p, (StatementTree) t);
                    return;
                }
                emit("yield ");
                child(p, ((YieldTree) t).getValue());
                emit(";");
                return;
            }
            case THROW:
                emit("throw ");
                child(p, ((ThrowTree) t).getExpression());
                emit(";");
                return;
            case ASSERT: {
                AssertTree a = (AssertTree) t;
                if (assertion(p, a)) {
                    return;
                }
                emit("assert ");
                child(p, a.getCondition());
                if (a.getDetail() != null) {
                    emit(" : ");
                    child(p, a.getDetail());
                }
                emit(";");
                return;
            }
            case SYNCHRONIZED: {
                SynchronizedTree s = (SynchronizedTree) t;
                emit("synchronized (");
                child(p, unparen(s.getExpression()));
                emit(") ");
                child(p, s.getBlock());
                return;
            }
            case TRY:
                tryTree(p, (TryTree) t);
                return;
            case CLASS: case INTERFACE: case ENUM: case RECORD:
                classDecl(p, (ClassTree) t, true);
                return;
            default:
                if (newerPattern(p, t)) {
                    return;
                }
                break;
        }
        if (t instanceof UnaryTree) {
            UnaryTree u = (UnaryTree) t;
            String op = unaryOperator(t.getKind());
            switch (t.getKind()) {
                case POSTFIX_INCREMENT: case POSTFIX_DECREMENT: case PREFIX_INCREMENT: case PREFIX_DECREMENT:
                    if (store(p, u.getExpression())) {
                        return;
                    }
                    break;
                default:
                    break;
            }
            if (t.getKind() == Tree.Kind.POSTFIX_INCREMENT || t.getKind() == Tree.Kind.POSTFIX_DECREMENT) {
                child(p, u.getExpression());
                emit(op);
            } else {
                emit(op);
                child(p, u.getExpression());
            }
            return;
        }
        if (t instanceof CompoundAssignmentTree) {
            CompoundAssignmentTree c = (CompoundAssignmentTree) t;
            if (store(p, c.getVariable())) {
                return;
            }
            child(p, c.getVariable());
            emit(" " + binaryOperator(t) + "= ");
            child(p, c.getExpression());
            return;
        }
        if (t instanceof BinaryTree) {
            BinaryTree b = (BinaryTree) t;
            child(p, b.getLeftOperand());
            emit(" " + binaryOperator(t) + " ");
            child(p, b.getRightOperand());
            return;
        }
        throw new Unsupported(t, "jawait does not support this construct here yet: " + t.getKind());
    }

    /** Prints the method call with {@code receiver} (if not null) instead of its own qualifier. */
    void defaultInvocation(TreePath p, MethodInvocationTree mi, CodeBlock receiver) {
        ExpressionTree select = mi.getMethodSelect();
        TreePath sp = new TreePath(p, select);
        if (!mi.getTypeArguments().isEmpty()) {
            CodeBlock.Builder saved = out;
            out = CodeBlock.builder();
            emit("<");
            list(p, mi.getTypeArguments(), ", ");
            emit(">");
            CodeBlock ta = out.build();
            out = saved;
            if (receiver != null || select instanceof MemberSelectTree) {
                if (receiver != null) {
                    out.add(receiver);
                } else {
                    child(sp, ((MemberSelectTree) select).getExpression());
                }
                emit(".");
                out.add(ta);
                emit(select instanceof MemberSelectTree ? ((MemberSelectTree) select).getIdentifier().toString()
                        : ((IdentifierTree) select).getName().toString());
            } else {
                throw new Unsupported(mi, "explicit type arguments on an unqualified call");
            }
        } else if (receiver != null) {
            out.add(receiver);
            emit(".");
            emit(select instanceof MemberSelectTree ? ((MemberSelectTree) select).getIdentifier().toString()
                    : ((IdentifierTree) select).getName().toString());
        } else {
            child(p, select);
        }
        emit("(");
        list(p, mi.getArguments(), ", ");
        emit(")");
    }

    /** Prints the arguments of a call as {@code (a, b)}. */
    void arguments(TreePath p, List<? extends ExpressionTree> args) {
        emit("(");
        list(p, args, ", ");
        emit(")");
    }

    private void newClass(TreePath p, NewClassTree n) {
        if (newInstance(p, n)) {
            return;
        }
        if (n.getEnclosingExpression() == null && implicitOuterInstance(p, n)) {
            if (!n.getTypeArguments().isEmpty()) {
                throw new Unsupported(n, "jawait: explicit type arguments on the creation of an inner class");
            }
        } else {
            if (n.getEnclosingExpression() != null) {
                child(p, n.getEnclosingExpression());
                emit(".");
            }
            emit("new ");
            if (!n.getTypeArguments().isEmpty()) {
                emit("<");
                list(p, n.getTypeArguments(), ", ");
                emit(">");
            }
            if (n.getEnclosingExpression() != null) {
                innerClassName(p, n.getIdentifier());
            } else {
                child(p, n.getIdentifier());
            }
        }
        emit("(");
        list(p, n.getArguments(), ", ");
        emit(")");
        if (n.getClassBody() != null) {
            classDecl(new TreePath(p, n.getClassBody()), n.getClassBody(), false);
        }
    }

    /**
     * The class of a qualified creation ({@code outer.new In<T>(...)}) as written: a simple name
     * (JLS 15.9), which the outer instance's class resolves, never one the printer qualifies.
     */
    private void innerClassName(TreePath p, ExpressionTree identifier) {
        if (identifier instanceof IdentifierTree) {
            emit(((IdentifierTree) identifier).getName().toString());
        } else if (identifier instanceof ParameterizedTypeTree
                && ((ParameterizedTypeTree) identifier).getType() instanceof IdentifierTree) {
            ParameterizedTypeTree pt = (ParameterizedTypeTree) identifier;
            TreePath ptp = new TreePath(p, pt);
            emit(((IdentifierTree) pt.getType()).getName().toString());
            emit("<");
            list(ptp, pt.getTypeArguments(), ", ");
            emit(">");
        } else {
            child(p, identifier);
        }
    }

    private void newArray(TreePath p, NewArrayTree n) {
        if (n.getType() == null && n == printRoot && p.getParentPath().getLeaf() instanceof NewArrayTree) {
            // '{...}' nested in an array initializer, printed on its own (kept in a temporary
            // while a later element awaits): only an initializer may omit 'new T[]'.
            emit("new ");
            node(componentTypeOf(p.getParentPath()));
        }
        if (n.getType() != null) {
            emit("new ");
            Tree type = n.getType();
            child(p, type);
            for (ExpressionTree d : n.getDimensions()) {
                emit("[");
                child(p, d);
                emit("]");
            }
            if (n.getInitializers() != null) {
                emit("[]");
            }
        }
        if (n.getInitializers() != null) {
            emit("{");
            list(p, n.getInitializers(), ", ");
            emit("}");
        }
    }

    /**
     * The tree of the element type of the array that initializer {@code p} creates: the type after
     * {@code new} ({@code new int[][] {...}} has {@code int[]}), or one dimension less than its
     * own array type when it is a bare {@code {...}} itself.
     */
    private TreePath componentTypeOf(TreePath p) {
        NewArrayTree n = (NewArrayTree) p.getLeaf();
        if (n.getType() != null) {
            return new TreePath(p, n.getType());
        }
        TreePath parent = p.getParentPath();
        TreePath own = parent.getLeaf() instanceof VariableTree
                ? new TreePath(parent, ((VariableTree) parent.getLeaf()).getType())
                : parent.getLeaf() instanceof NewArrayTree ? componentTypeOf(parent) : null;
        if (own == null || !(own.getLeaf() instanceof ArrayTypeTree)) {
            throw new Unsupported(n, "jawait: cannot tell the array type of this initializer, which must be kept"
                    + " across an await; write it as 'new T[] {...}'");
        }
        return new TreePath(own, ((ArrayTypeTree) own.getLeaf()).getType());
    }

    private void lambda(TreePath p, LambdaExpressionTree l) {
        boolean explicit = !l.getParameters().isEmpty() && l.getParameters().get(0).getType() != null
                && positions.getStartPosition(unit, l.getParameters().get(0).getType()) >= 0;
        emit("(");
        for (int i = 0; i < l.getParameters().size(); i++) {
            if (i > 0) {
                emit(", ");
            }
            VariableTree v = l.getParameters().get(i);
            if (explicit) {
                variableDecl(new TreePath(p, v), v);
            } else {
                emit(v.getName().toString());
            }
        }
        emit(") -> ");
        Deque<Tree> savedTargets = new ArrayDeque<>(jumpTargets);
        jumpTargets.clear();
        lambdaDepth++;
        try {
            child(p, l.getBody());
        } finally {
            lambdaDepth--;
            jumpTargets.addAll(savedTargets);
        }
    }

    private void block(TreePath p, BlockTree b) {
        if (b.isStatic()) {
            emit("static ");
        }
        emit("{");
        nl();
        indent();
        for (StatementTree s : b.getStatements()) {
            child(p, s);
            nl();
        }
        unindent();
        emit("}");
    }

    private void forInit(TreePath p, List<? extends StatementTree> init) {
        for (int i = 0; i < init.size(); i++) {
            StatementTree s = init.get(i);
            TreePath sp = new TreePath(p, s);
            if (s instanceof VariableTree) {
                VariableTree v = (VariableTree) s;
                if (i == 0) {
                    variableDecl(sp, v);
                } else {
                    emit(", " + v.getName());
                    if (v.getInitializer() != null) {
                        emit(" = ");
                        child(sp, v.getInitializer());
                    }
                }
            } else {
                if (i > 0) {
                    emit(", ");
                }
                child(sp, ((ExpressionStatementTree) s).getExpression());
            }
        }
    }

    private void target(TreePath p, StatementTree body, Tree target) {
        jumpTargets.push(target);
        try {
            child(p, body);
        } finally {
            jumpTargets.pop();
        }
    }

    /** Whether a break/continue (with {@code label} or none) targets a statement being printed. */
    private boolean isLocalTarget(Tree jump, Name label) {
        for (Tree t : jumpTargets) {
            if (label != null) {
                if (t instanceof LabeledStatementTree && ((LabeledStatementTree) t).getLabel().equals(label)) {
                    return true;
                }
            } else if (jump instanceof BreakTree) {
                if (!(t instanceof LabeledStatementTree)) {
                    return true;
                }
            } else if (!(t instanceof LabeledStatementTree || t instanceof SwitchTree
                    || t instanceof SwitchExpressionTree)) {
                return true;
            }
        }
        return false;
    }

    private void caseTree(TreePath p, CaseTree c) {
        caseHead(p, c);
        if (c.getCaseKind() == CaseTree.CaseKind.RULE) {
            emit(" -> ");
            Tree body = c.getBody();
            printedAsBlock = false;
            child(p, body);
            if (body instanceof ExpressionTree && !printedAsBlock) {
                emit(";");
            }
            printedAsBlock = false;
            nl();
        } else {
            emit(":");
            nl();
            indent();
            for (StatementTree s : c.getStatements()) {
                child(p, s);
                nl();
            }
            unindent();
        }
    }

    /**
     * Prints the labels of case {@code c} at {@code p} and its guard, as written: {@code default},
     * or {@code case} and the constants, patterns and {@code default} (JDK 21+), then
     * {@code when} and the guard.
     */
    void caseHead(TreePath p, CaseTree c) {
        List<Tree> labels = CaseLabels.labels(c);
        if (CaseLabels.isLoneDefault(c)) {
            emit("default");
            return;
        }
        emit("case ");
        for (int i = 0; i < labels.size(); i++) {
            if (i > 0) {
                emit(", ");
            }
            child(p, labels.get(i));
        }
        ExpressionTree guard = CaseLabels.guard(c);
        if (guard != null) {
            emit(" when ");
            child(p, guard);
        }
    }

    /** Prints a pattern or case label tree of a JDK newer than the processor's API (17); false if unknown. */
    private boolean newerPattern(TreePath p, Tree t) {
        switch (t.getKind().name()) {
            case "DEFAULT_CASE_LABEL":
                emit("default");
                return true;
            case "ANY_PATTERN":
                emit("_");
                return true;
            case "DECONSTRUCTION_PATTERN":
                child(p, CaseLabels.deconstructor(t));
                emit("(");
                list(p, CaseLabels.nestedPatterns(t), ", ");
                emit(")");
                return true;
            default:
                return false;
        }
    }

    private void switchExpression(TreePath p, SwitchExpressionTree s) {
        switchBlock(p, s, s.getExpression(), s.getCases());
    }

    /** A switch statement or expression: the selector, then its cases, which may jump to it. */
    private void switchBlock(TreePath p, Tree sw, ExpressionTree selector, List<? extends CaseTree> cases) {
        emit("switch (");
        child(p, unparen(selector));
        emit(") {");
        nl();
        jumpTargets.push(sw);
        try {
            for (CaseTree c : cases) {
                child(p, c);
            }
        } finally {
            jumpTargets.pop();
        }
        emit("}");
    }

    /** Called before a resource declared in a {@code try} is printed as Java. */
    protected void resourceDeclared() {}

    private void tryTree(TreePath p, TryTree t) {
        emit("try ");
        if (!t.getResources().isEmpty()) {
            emit("(");
            for (int i = 0; i < t.getResources().size(); i++) {
                if (i > 0) {
                    emit("; ");
                }
                Tree r = t.getResources().get(i);
                if (r instanceof VariableTree) {
                    resourceDeclared();
                    variableDecl(new TreePath(p, r), (VariableTree) r);
                } else if (!resourceReference(new TreePath(p, r))) {
                    child(p, r);
                }
            }
            emit(") ");
        }
        child(p, t.getBlock());
        for (CatchTree c : t.getCatches()) {
            TreePath cp = new TreePath(p, c);
            emit(" catch (");
            variableDecl(new TreePath(cp, c.getParameter()), c.getParameter());
            emit(") ");
            child(cp, c.getBlock());
        }
        if (t.getFinallyBlock() != null) {
            emit(" finally ");
            child(p, t.getFinallyBlock());
        }
    }

}
