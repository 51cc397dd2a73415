package dev.jawait.processor;

import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.CaseTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.ConditionalExpressionTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.PrimitiveTypeTree;
import com.sun.source.tree.ReturnTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Types;

/**
 * Classifies conditional operands as javac does (JLS 15.25: boolean, numeric or reference), and
 * from that decides which conditionals around an await must keep their shape when lowered,
 * because their type comes from their context.
 */
final class OperandCategories {
    private final AsyncMethod m;
    private final Types types;
    private final MemberLookup lookup;
    private final ExactTypes exact;

    OperandCategories(AsyncMethod m, Types types, MemberLookup lookup, ExactTypes exact) {
        this.m = m;
        this.types = types;
        this.lookup = lookup;
        this.exact = exact;
    }

    /** Whether {@code e} has no type of its own: a lambda or method reference needs its target's. */
    static boolean needsTarget(ExpressionTree e) {
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
    TreePath shapedConditional(TreePath op) {
        TreePath p = unparenPath(op);
        return p.getLeaf().getKind() == Tree.Kind.CONDITIONAL_EXPRESSION && keepsShape(p) ? p : null;
    }

    static TreePath unparenPath(TreePath p) {
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
     * by {@link ExpressionLowering#lowerConditionalShaped}.
     */
    boolean keepsShape(TreePath p) {
        ConditionalExpressionTree c = (ConditionalExpressionTree) p.getLeaf();
        return needsTarget(c.getTrueExpression()) || needsTarget(c.getFalseExpression())
                || category(p) == Category.REFERENCE;
    }

    /** Whether evaluating {@code p} later gives the same value and effects: literals, lambdas, {@code Type::m}. */
    boolean evaluatedLaterIsSame(TreePath p) {
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

    /** How javac classifies a conditional's operand (JLS 15.25), as far as the processor can tell. */
    enum Category { BOOLEAN_OR_NUMERIC, REFERENCE, UNKNOWN }

    /**
     * The kind of conditional operand {@code p} is, decided as javac decides it: a method call by
     * its declared return type before inference ({@code <T> T generic(T)} is a reference even
     * where {@code T} is {@code Integer}), anything else by its type.
     */
    Category category(TreePath p) {
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
            case SWITCH_EXPRESSION:
                return switchCategory(p);
            case IDENTIFIER: {
                TypeMirror type = exact.of(p);
                if (type == null) {
                    // A local the processor has no element for (say, declared in a switch arm's
                    // block): its declared type, when written as a primitive.
                    VariableTree decl = lookup.localDeclaration(p, ((IdentifierTree) t).getName());
                    if (decl != null && decl.getType() instanceof PrimitiveTypeTree) {
                        return Category.BOOLEAN_OR_NUMERIC;
                    }
                }
                return categoryOf(type);
            }
            case PLUS: {
                // ExactTypes types it when it can (a String operand makes it a String, JLS 15.18);
                // otherwise two numbers make an addition.
                TypeMirror type = exact.of(p);
                if (type != null) {
                    return categoryOf(type);
                }
                com.sun.source.tree.BinaryTree b = (com.sun.source.tree.BinaryTree) t;
                return category(new TreePath(p, b.getLeftOperand())) == Category.BOOLEAN_OR_NUMERIC
                        && category(new TreePath(p, b.getRightOperand())) == Category.BOOLEAN_OR_NUMERIC
                        ? Category.BOOLEAN_OR_NUMERIC : Category.UNKNOWN;
            }
            default:
                return operatorResult(t) != null ? Category.BOOLEAN_OR_NUMERIC : categoryOf(exact.of(p));
        }
    }

    /**
     * A switch expression operand, classified as javac classifies it: by the type it has standalone
     * (JLS 15.28.1), boolean or numeric when all its results are boolean, or all convert to a number;
     * a reference when one result is neither (or the results mix the two: the standalone type is
     * then a box's supertype); unknown when the processor cannot type a result and no other result
     * settles it.
     */
    private Category switchCategory(TreePath p) {
        boolean allBoolean = true;
        boolean allNumeric = true;
        boolean unknown = false;
        for (TreePath r : switchResults(p)) {
            ResultKind k = resultKind(r);
            if (k == ResultKind.REFERENCE) {
                return Category.REFERENCE;
            }
            unknown |= k == null;
            allBoolean &= k == ResultKind.BOOLEAN;
            allNumeric &= k == ResultKind.NUMERIC;
        }
        if (unknown) {
            return Category.UNKNOWN;
        }
        return allBoolean || allNumeric ? Category.BOOLEAN_OR_NUMERIC : Category.REFERENCE;
    }

    private enum ResultKind { BOOLEAN, NUMERIC, REFERENCE }

    /** What an operator's result is, where its form alone decides: {@code & | ^} give either. */
    private enum OperatorResult { NUMERIC, BOOLEAN, EITHER }

    /**
     * The result of {@code t} when its form decides it: an operator other than {@code +} (a
     * concatenation or an addition), or a cast to a primitive type (written in the source, whatever
     * its operand); null otherwise.
     */
    private static OperatorResult operatorResult(Tree t) {
        switch (t.getKind()) {
            case MINUS: case MULTIPLY: case DIVIDE: case REMAINDER: case LEFT_SHIFT: case RIGHT_SHIFT:
            case UNSIGNED_RIGHT_SHIFT: case UNARY_MINUS: case UNARY_PLUS: case BITWISE_COMPLEMENT:
            case PREFIX_INCREMENT: case PREFIX_DECREMENT: case POSTFIX_INCREMENT: case POSTFIX_DECREMENT:
                return OperatorResult.NUMERIC;
            case LESS_THAN: case LESS_THAN_EQUAL: case GREATER_THAN: case GREATER_THAN_EQUAL: case EQUAL_TO:
            case NOT_EQUAL_TO: case CONDITIONAL_AND: case CONDITIONAL_OR: case LOGICAL_COMPLEMENT: case INSTANCE_OF:
                return OperatorResult.BOOLEAN;
            case AND: case OR: case XOR:
                return OperatorResult.EITHER;
            case TYPE_CAST: {
                Tree type = ((com.sun.source.tree.TypeCastTree) t).getType();
                if (!(type instanceof PrimitiveTypeTree)) {
                    return null;
                }
                return ((PrimitiveTypeTree) type).getPrimitiveTypeKind() == TypeKind.BOOLEAN
                        ? OperatorResult.BOOLEAN : OperatorResult.NUMERIC;
            }
            default:
                return null;
        }
    }

    /** What a switch result's standalone type is: boolean, numeric or a reference; null if unknown. */
    private ResultKind resultKind(TreePath r) {
        TypeMirror t = exact.of(r);
        if (t != null) {
            return kindOf(t);
        }
        Tree leaf = unparenPath(r).getLeaf();
        OperatorResult o = operatorResult(leaf);
        if (o == OperatorResult.NUMERIC) {
            return ResultKind.NUMERIC;
        }
        if (o == OperatorResult.BOOLEAN) {
            return ResultKind.BOOLEAN;
        }
        // '+' of two numbers is a number (a boolean operand would not compile); a String, a reference.
        Category c = category(r);
        if (c == Category.REFERENCE) {
            return ResultKind.REFERENCE;
        }
        return c == Category.BOOLEAN_OR_NUMERIC && leaf.getKind() == Tree.Kind.PLUS ? ResultKind.NUMERIC : null;
    }

    /** The result expressions of switch expression {@code p}: rule bodies and its own {@code yield}s. */
    static List<TreePath> switchResults(TreePath p) {
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

    private Category categoryOf(TypeMirror type) {
        if (type == null) {
            return Category.UNKNOWN;
        }
        return kindOf(type) == ResultKind.REFERENCE ? Category.REFERENCE : Category.BOOLEAN_OR_NUMERIC;
    }

    /** Whether a value of {@code type} counts as boolean, numeric or a reference in JLS 15.25. */
    private ResultKind kindOf(TypeMirror type) {
        if (type.getKind() == TypeKind.TYPEVAR || type.getKind() == TypeKind.WILDCARD) {
            return ResultKind.REFERENCE; // javac: never numeric, whatever its bound (a captured one too)
        }
        TypeMirror unboxed = exact.unboxed(type); // a primitive is its own
        if (unboxed == null) {
            return ResultKind.REFERENCE;
        }
        return unboxed.getKind() == TypeKind.BOOLEAN ? ResultKind.BOOLEAN : ResultKind.NUMERIC;
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

    /**
     * For conditional {@code p}, which the processor cannot classify ({@link Category#UNKNOWN}):
     * the primitive type its context converts it to, when certain; null when the context is a
     * reference target or standalone (a string concatenation, an operator), where a witness of
     * the whole conditional types it as javac does; the type {@code NONE} when the context may be
     * primitive but the processor cannot tell its type. A reference conditional converts each
     * branch to a primitive target on its own (JLS 15.25.3), a numeric one promotes them together:
     * only a value converted in the same context is certain to be the same.
     */
    TypeMirror primitiveTarget(TreePath p) {
        TypeMirror unknown = types.getNoType(TypeKind.NONE);
        TreePath q = p;
        while (q.getParentPath().getLeaf().getKind() == Tree.Kind.PARENTHESIZED) {
            q = q.getParentPath();
        }
        Tree child = q.getLeaf();
        TreePath parentPath = q.getParentPath();
        Tree parent = parentPath.getLeaf();
        if (parent instanceof MethodInvocationTree && ((MethodInvocationTree) parent).getArguments().contains(child)) {
            MethodInvocationTree mi = (MethodInvocationTree) parent;
            ExactTypes.Candidates cs = m.awaits.contains(mi) ? null : exact.candidates(parentPath, mi);
            return cs == null ? unknown : argumentTarget(cs.methods, mi.getArguments(), child, mayBeArray(p));
        }
        if (parent instanceof NewClassTree && ((NewClassTree) parent).getArguments().contains(child)) {
            NewClassTree n = (NewClassTree) parent;
            TypeElement created = exact.createdClass(parentPath, n);
            return created == null ? unknown
                    : argumentTarget(ElementFilter.constructorsIn(created.getEnclosedElements()), n.getArguments(), child,
                            mayBeArray(p));
        }
        if (parent instanceof VariableTree && ((VariableTree) parent).getInitializer() == child) {
            Tree type = ((VariableTree) parent).getType();
            return type instanceof PrimitiveTypeTree
                    ? types.getPrimitiveType(((PrimitiveTypeTree) type).getPrimitiveTypeKind()) : null;
        }
        if (parent instanceof AssignmentTree) {
            TypeMirror target = exact.of(new TreePath(parentPath, ((AssignmentTree) parent).getVariable()));
            return target == null ? unknown : target.getKind().isPrimitive() ? target : null;
        }
        return parent instanceof NewClassTree || parent instanceof ReturnTree || parent instanceof LambdaExpressionTree
                ? unknown : null;
    }

    /**
     * {@link #primitiveTarget} of argument {@code child} of a call that may invoke one of
     * {@code candidates} (methods or constructors, before overload resolution); {@code mayBeArray}:
     * whether the argument may be an array, and so be passed as a variable-arity method's array.
     */
    private TypeMirror argumentTarget(List<ExecutableElement> candidates, List<? extends ExpressionTree> args, Tree child,
            boolean mayBeArray) {
        TypeMirror unknown = types.getNoType(TypeKind.NONE);
        int index = args.indexOf(child);
        int arity = args.size();
        TypeMirror found = null;
        boolean reference = false;
        boolean applicable = false;
        for (ExecutableElement x : candidates) {
            List<? extends VariableElement> ps = x.getParameters();
            int n = ps.size();
            boolean fixedArity = n == arity;
            boolean variableArity = x.isVarArgs() && arity >= n - 1;
            if (!fixedArity && !variableArity) {
                continue; // not potentially applicable (JLS 15.12.2.1)
            }
            applicable = true;
            // The parameter the argument meets: by position, and for a variable-arity call the
            // array's component; the array itself in the last position only if the argument may be
            // one (JLS 15.12.2.2-4: then javac may pick either, and which does not matter here).
            List<TypeMirror> targets = new ArrayList<>();
            boolean arrayPosition = x.isVarArgs() && index == n - 1;
            if (fixedArity && (!arrayPosition || mayBeArray) || index < n - 1) {
                targets.add(ps.get(index).asType());
            }
            if (variableArity && index >= n - 1) {
                targets.add(((javax.lang.model.type.ArrayType) ps.get(n - 1).asType()).getComponentType());
            }
            for (TypeMirror t : targets) {
                if (t.getKind().isPrimitive() && (found == null || types.isSameType(found, t))) {
                    found = t;
                } else if (t.getKind() == TypeKind.DECLARED || t.getKind() == TypeKind.TYPEVAR
                        || t.getKind() == TypeKind.ARRAY) {
                    // A reference target, an inference variable's included: boxing, no primitive conversion.
                    reference = true;
                } else {
                    return unknown;
                }
            }
        }
        if (!applicable || reference && found != null) {
            return unknown;
        }
        return found; // null: a reference target
    }

    /**
     * Whether conditional (or other operand) {@code p} may have an array type: not if a branch is
     * boolean, numeric or a string (a conditional is an array only when both branches are).
     */
    private boolean mayBeArray(TreePath p) {
        Tree t = unparenPath(p).getLeaf();
        if (t instanceof ConditionalExpressionTree) {
            ConditionalExpressionTree c = (ConditionalExpressionTree) t;
            return mayBeArray(new TreePath(p, c.getTrueExpression())) && mayBeArray(new TreePath(p, c.getFalseExpression()));
        }
        switch (t.getKind()) {
            case PLUS: case STRING_LITERAL: case INT_LITERAL: case LONG_LITERAL: case FLOAT_LITERAL: case DOUBLE_LITERAL:
            case CHAR_LITERAL: case BOOLEAN_LITERAL:
                return false;
            default:
                return operatorResult(t) == null && category(p) != Category.BOOLEAN_OR_NUMERIC;
        }
    }
}
