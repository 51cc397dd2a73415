package dev.jawait.processor.check;

import com.sun.source.tree.BlockTree;
import com.sun.source.tree.CaseTree;
import com.sun.source.tree.CatchTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.EnhancedForLoopTree;
import com.sun.source.tree.ForLoopTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.SwitchTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TryTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import java.util.ArrayList;
import java.util.List;

/**
 * Which local declarations are in scope at a point of a method, found from the tree alone. The
 * checks and the analysis use it to key what {@code Trees.getScope} found: two awaits that see
 * the same declarations see the same locals, and {@code getScope} (which attributes the method
 * up to its argument each time) is called once per distinct set, not once per await.
 */
public final class LocalScopes {
    private LocalScopes() {}

    /**
     * The local declarations of {@code method} visible at {@code path}, innermost first, found
     * syntactically (JLS 6.3 scope rules for blocks, for, enhanced for, catch, try resources,
     * switch blocks, lambdas and the method's parameters). Pattern variables are not included.
     */
    public static List<VariableTree> visible(TreePath path, MethodTree method) {
        List<VariableTree> out = new ArrayList<>();
        Tree child = path.getLeaf();
        for (TreePath p = path.getParentPath(); p != null; child = p.getLeaf(), p = p.getParentPath()) {
            Tree parent = p.getLeaf();
            collect(parent, child, out);
            if (parent == method || parent instanceof ClassTree) {
                break;
            }
        }
        return out;
    }

    /**
     * Declarations that {@code parent} makes visible inside its child {@code child}, appended to
     * {@code out} innermost first.
     */
    public static void collect(Tree parent, Tree child, List<VariableTree> out) {
        if (parent instanceof BlockTree) {
            addBefore(((BlockTree) parent).getStatements(), child, out);
        } else if (parent instanceof CaseTree) {
            List<? extends StatementTree> stats = ((CaseTree) parent).getStatements();
            if (stats != null) {
                addBefore(stats, child, out);
            }
        } else if (parent instanceof SwitchTree) {
            for (CaseTree c : ((SwitchTree) parent).getCases()) {
                if (c == child) {
                    break;
                }
                if (c.getStatements() != null) {
                    addBefore(c.getStatements(), null, out);
                }
            }
        } else if (parent instanceof ForLoopTree) {
            ForLoopTree f = (ForLoopTree) parent;
            addBefore(f.getInitializer(), child, out);
        } else if (parent instanceof EnhancedForLoopTree) {
            EnhancedForLoopTree f = (EnhancedForLoopTree) parent;
            if (child == f.getStatement()) {
                out.add(f.getVariable());
            }
        } else if (parent instanceof CatchTree) {
            CatchTree c = (CatchTree) parent;
            if (child == c.getBlock()) {
                out.add(c.getParameter());
            }
        } else if (parent instanceof TryTree) {
            TryTree t = (TryTree) parent;
            if (child == t.getBlock()) {
                addBefore(t.getResources(), null, out);
            } else if (t.getResources().contains(child)) {
                addBefore(t.getResources(), child, out);
            }
        } else if (parent instanceof LambdaExpressionTree) {
            out.addAll(((LambdaExpressionTree) parent).getParameters());
        } else if (parent instanceof MethodTree) {
            out.addAll(((MethodTree) parent).getParameters());
        } else if (parent instanceof VariableTree && ((VariableTree) parent).getInitializer() == child) {
            out.add((VariableTree) parent);
        }
    }

    private static void addBefore(List<? extends Tree> stats, Tree child, List<VariableTree> out) {
        List<VariableTree> found = new ArrayList<>();
        for (Tree s : stats) {
            if (s == child) {
                break;
            }
            if (s instanceof VariableTree) {
                found.add((VariableTree) s);
            }
        }
        for (int i = found.size() - 1; i >= 0; i--) {
            out.add(found.get(i));
        }
    }
}
