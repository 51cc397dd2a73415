package dev.jawait.processor;

import com.sun.source.tree.CaseTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreeScanner;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

/**
 * The labels of a {@code case} as javac parsed them, on every JDK the processor runs on. The
 * processor is compiled for Java 17, whose {@code CaseTree} only has {@code getExpressions()};
 * pattern labels, {@code case null, default} and {@code when} guards (JDK 21+) are reached through
 * the runtime JDK's API ({@code getLabels()}, {@code getGuard()}, the label trees' accessors) by
 * reflection, and their kinds are compared by name.
 */
final class CaseLabels {
    private CaseLabels() {}

    private static final Method GET_LABELS = method(CaseTree.class, "getLabels");
    private static final Method GET_GUARD = method(CaseTree.class, "getGuard");

    /**
     * The labels of {@code c} in source order: constant expressions, patterns (a binding or record
     * pattern) and {@code default} (a tree of kind {@code DEFAULT_CASE_LABEL}). Empty for a lone
     * {@code default} on JDKs without label trees.
     */
    @SuppressWarnings("deprecation") // getExpressions: the JDK 17 API, the fallback
    static List<Tree> labels(CaseTree c) {
        List<Tree> out = new ArrayList<>();
        if (GET_LABELS == null) {
            out.addAll(c.getExpressions());
            return out;
        }
        for (Object label : (List<?>) invoke(GET_LABELS, c)) {
            Tree t = (Tree) label;
            switch (t.getKind().name()) {
                case "CONSTANT_CASE_LABEL":
                    out.add((Tree) invoke(accessor(t, "ConstantCaseLabelTree", "getConstantExpression"), t));
                    break;
                case "PATTERN_CASE_LABEL":
                    out.add((Tree) invoke(accessor(t, "PatternCaseLabelTree", "getPattern"), t));
                    break;
                default:
                    out.add(t); // DEFAULT_CASE_LABEL, or a pattern / expression itself (JDK 17–20)
            }
        }
        return out;
    }

    /** The {@code when} guard of {@code c}, or null (always null before JDK 21). */
    static ExpressionTree guard(CaseTree c) {
        return GET_GUARD == null ? null : (ExpressionTree) invoke(GET_GUARD, c);
    }

    /** Whether {@code label} (from {@link #labels}) is {@code default}. */
    static boolean isDefault(Tree label) {
        return label.getKind().name().equals("DEFAULT_CASE_LABEL");
    }

    /** Whether {@code label} (from {@link #labels}) is a pattern. */
    static boolean isPattern(Tree label) {
        return !(label instanceof ExpressionTree) && !isDefault(label);
    }

    /** Whether {@code c} is {@code default} alone (also in the JDK 17 form: no labels). */
    static boolean isLoneDefault(CaseTree c) {
        List<Tree> labels = labels(c);
        return labels.isEmpty() || labels.size() == 1 && isDefault(labels.get(0));
    }

    /**
     * Whether a switch with these cases must be dispatched by a pattern switch (JDK 21+): a case
     * has a pattern, a {@code null} label or a guard.
     */
    static boolean needPatternDispatch(List<? extends CaseTree> cases) {
        for (CaseTree c : cases) {
            if (guard(c) != null) {
                return true;
            }
            for (Tree label : labels(c)) {
                if (isPattern(label) || label.getKind() == Tree.Kind.NULL_LITERAL) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The pattern variables the labels of {@code c} declare (record patterns' nested ones too). */
    static List<VariableTree> bindings(CaseTree c) {
        List<VariableTree> out = new ArrayList<>();
        for (Tree label : labels(c)) {
            if (isPattern(label)) {
                out.addAll(patternBindings(label));
            }
        }
        return out;
    }

    /** The pattern variables {@code pattern} declares, in source order (a record pattern's nested ones). */
    static List<VariableTree> patternBindings(Tree pattern) {
        List<VariableTree> out = new ArrayList<>();
        new TreeScanner<Void, Void>() {
            @Override
            public Void visitBindingPattern(com.sun.source.tree.BindingPatternTree node, Void unused) {
                String name = node.getVariable().getName().toString();
                if (!name.isEmpty() && !name.equals("_")) { // unnamed variables bind nothing
                    out.add(node.getVariable());
                }
                return null;
            }
        }.scan(pattern, null);
        return out;
    }

    /**
     * The pattern variable named {@code name} declared by the label of a {@code case} whose body
     * or guard encloses {@code path} (the innermost such case), or null. Its scope is exactly
     * that body and guard (JLS 6.3.3), so this resolves a name even when several cases of a
     * method reuse it.
     */
    static VariableTree bindingInScope(TreePath path, String name) {
        for (TreePath q = path; q != null && q.getParentPath() != null; q = q.getParentPath()) {
            Tree parent = q.getParentPath().getLeaf();
            if (!(parent instanceof CaseTree)) {
                continue;
            }
            CaseTree c = (CaseTree) parent;
            Tree leaf = q.getLeaf();
            boolean inScope = leaf == c.getBody() || leaf == guard(c)
                    || c.getStatements() != null && c.getStatements().contains(leaf);
            if (!inScope) {
                continue;
            }
            for (VariableTree v : bindings(c)) {
                if (v.getName().contentEquals(name)) {
                    return v;
                }
            }
        }
        return null;
    }

    /** The type of record pattern {@code p} (a {@code DECONSTRUCTION_PATTERN}, JDK 21+). */
    static ExpressionTree deconstructor(Tree p) {
        return (ExpressionTree) invoke(accessor(p, "DeconstructionPatternTree", "getDeconstructor"), p);
    }

    /** The component patterns of record pattern {@code p}. */
    static List<Tree> nestedPatterns(Tree p) {
        List<Tree> out = new ArrayList<>();
        for (Object n : (List<?>) invoke(accessor(p, "DeconstructionPatternTree", "getNestedPatterns"), p)) {
            out.add((Tree) n);
        }
        return out;
    }

    private static Method accessor(Tree t, String iface, String name) {
        try {
            return method(Class.forName("com.sun.source.tree." + iface, false, Tree.class.getClassLoader()), name);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("jawait: a " + t.getKind() + " without " + iface, e);
        }
    }

    private static Method method(Class<?> type, String name) {
        try {
            return type.getMethod(name);
        } catch (NoSuchMethodException e) {
            return null;
        }
    }

    private static Object invoke(Method m, Object target) {
        try {
            return m.invoke(target);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("jawait: cannot read " + m.getName() + " of a case label", e);
        }
    }
}
