package dev.jawait.processor;

import com.sun.source.tree.BlockTree;
import com.sun.source.tree.BreakTree;
import com.sun.source.tree.CaseTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.ContinueTree;
import com.sun.source.tree.DoWhileLoopTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.ForLoopTree;
import com.sun.source.tree.IfTree;
import com.sun.source.tree.LabeledStatementTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.SwitchTree;
import com.sun.source.tree.SynchronizedTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TryTree;
import com.sun.source.tree.WhileLoopTree;
import com.sun.source.util.TreeScanner;
import java.util.List;
import java.util.function.Predicate;

/**
 * "Can complete normally" (JLS 14.22) for copied statements: after a copied statement that cannot
 * complete normally the lowering must not emit a jump, or javac reports unreachable code; after
 * one that can, it must, or the case would fall through.
 */
final class Reachability {
    private Reachability() {}

    static boolean completesNormally(StatementTree s, Predicate<ExpressionTree> constantTrue) {
        switch (s.getKind()) {
            case RETURN: case THROW: case BREAK: case CONTINUE: case YIELD:
                return false;
            case BLOCK:
                return all(((BlockTree) s).getStatements(), constantTrue);
            case LABELED_STATEMENT: {
                LabeledStatementTree l = (LabeledStatementTree) s;
                return completesNormally(l.getStatement(), constantTrue) || breaksOut(l.getStatement(), l);
            }
            case IF: {
                IfTree i = (IfTree) s;
                return i.getElseStatement() == null || completesNormally(i.getThenStatement(), constantTrue)
                        || completesNormally(i.getElseStatement(), constantTrue);
            }
            case WHILE_LOOP: {
                WhileLoopTree w = (WhileLoopTree) s;
                return !constantTrue.test(w.getCondition()) || breaksOut(w.getStatement(), w);
            }
            case DO_WHILE_LOOP: {
                DoWhileLoopTree d = (DoWhileLoopTree) s;
                boolean bodyEnds = completesNormally(d.getStatement(), constantTrue) || continues(d.getStatement(), d);
                return bodyEnds && !constantTrue.test(d.getCondition()) || breaksOut(d.getStatement(), d);
            }
            case FOR_LOOP: {
                ForLoopTree f = (ForLoopTree) s;
                return f.getCondition() != null && !constantTrue.test(f.getCondition())
                        || breaksOut(f.getStatement(), f);
            }
            case SWITCH:
                return switchCompletes((SwitchTree) s, constantTrue);
            case TRY: {
                TryTree t = (TryTree) s;
                if (t.getFinallyBlock() != null && !completesNormally(t.getFinallyBlock(), constantTrue)) {
                    return false;
                }
                boolean any = completesNormally(t.getBlock(), constantTrue);
                for (var c : t.getCatches()) {
                    any |= completesNormally(c.getBlock(), constantTrue);
                }
                return any;
            }
            case SYNCHRONIZED:
                return completesNormally(((SynchronizedTree) s).getBlock(), constantTrue);
            default:
                return true;
        }
    }

    private static boolean all(List<? extends StatementTree> stats, Predicate<ExpressionTree> constantTrue) {
        for (StatementTree st : stats) {
            if (!completesNormally(st, constantTrue)) {
                return false;
            }
        }
        return true;
    }

    @SuppressWarnings("deprecation")
    private static boolean switchCompletes(SwitchTree s, Predicate<ExpressionTree> constantTrue) {
        boolean hasDefault = false;
        boolean rules = false;
        boolean anyRuleCompletes = false;
        for (CaseTree c : s.getCases()) {
            if (c.getExpressions().isEmpty()) {
                hasDefault = true;
            }
            if (c.getCaseKind() == CaseTree.CaseKind.RULE) {
                rules = true;
                Tree body = c.getBody();
                if (body instanceof ExpressionTree || body instanceof StatementTree
                        && completesNormally((StatementTree) body, constantTrue)) {
                    anyRuleCompletes = true;
                }
            }
        }
        if (!hasDefault || breaksOut(s, s)) {
            return true;
        }
        if (rules) {
            return anyRuleCompletes;
        }
        List<? extends CaseTree> cases = s.getCases();
        if (cases.isEmpty()) {
            return true;
        }
        List<? extends StatementTree> last = cases.get(cases.size() - 1).getStatements();
        return last == null || all(last, constantTrue);
    }

    /** Whether {@code body} contains a break that leaves {@code target}. */
    private static boolean breaksOut(Tree body, Tree target) {
        return jumps(body, target, true);
    }

    private static boolean continues(Tree body, Tree target) {
        return jumps(body, target, false);
    }

    private static boolean jumps(Tree body, Tree target, boolean isBreak) {
        javax.lang.model.element.Name label = null;
        Tree loop = target;
        if (target instanceof LabeledStatementTree) {
            label = ((LabeledStatementTree) target).getLabel();
        }
        javax.lang.model.element.Name wanted = label;
        boolean[] found = {false};
        new TreeScanner<Void, Integer>() {
            @Override
            public Void visitBreak(BreakTree node, Integer depth) {
                if (isBreak && (wanted != null ? wanted.equals(node.getLabel()) : node.getLabel() == null && depth == 0)) {
                    found[0] = true;
                }
                return null;
            }

            @Override
            public Void visitContinue(ContinueTree node, Integer depth) {
                if (!isBreak && node.getLabel() == null && depth == 0) {
                    found[0] = true;
                }
                return null;
            }

            @Override
            public Void visitWhileLoop(WhileLoopTree node, Integer depth) {
                return super.visitWhileLoop(node, depth + 1);
            }

            @Override
            public Void visitDoWhileLoop(DoWhileLoopTree node, Integer depth) {
                return super.visitDoWhileLoop(node, depth + 1);
            }

            @Override
            public Void visitForLoop(ForLoopTree node, Integer depth) {
                return super.visitForLoop(node, depth + 1);
            }

            @Override
            public Void visitEnhancedForLoop(com.sun.source.tree.EnhancedForLoopTree node, Integer depth) {
                return super.visitEnhancedForLoop(node, depth + 1);
            }

            @Override
            public Void visitSwitch(SwitchTree node, Integer depth) {
                if (node == loop) {
                    return super.visitSwitch(node, depth);
                }
                // an unlabeled break inside a nested switch leaves that switch; a continue does not
                scan(node.getExpression(), depth);
                for (CaseTree c : node.getCases()) {
                    scan(c, isBreak ? depth + 1 : depth);
                }
                return null;
            }

            @Override
            public Void visitLambdaExpression(LambdaExpressionTree node, Integer depth) {
                return null;
            }

            @Override
            public Void visitClass(ClassTree node, Integer depth) {
                return null;
            }
        }.scan(body, loop instanceof SwitchTree ? -1 : 0);
        if (loop instanceof SwitchTree) {
            // scanning the switch itself counted it once: unlabeled breaks at depth 0 inside it
            found[0] = false;
            for (CaseTree c : ((SwitchTree) loop).getCases()) {
                found[0] |= jumpsDirect(c, isBreak);
            }
        }
        return found[0];
    }

    private static boolean jumpsDirect(CaseTree c, boolean isBreak) {
        boolean[] found = {false};
        new TreeScanner<Void, Integer>() {
            @Override
            public Void visitBreak(BreakTree node, Integer depth) {
                if (isBreak && node.getLabel() == null && depth == 0) {
                    found[0] = true;
                }
                return null;
            }

            @Override
            public Void visitWhileLoop(WhileLoopTree node, Integer depth) {
                return super.visitWhileLoop(node, depth + 1);
            }

            @Override
            public Void visitDoWhileLoop(DoWhileLoopTree node, Integer depth) {
                return super.visitDoWhileLoop(node, depth + 1);
            }

            @Override
            public Void visitForLoop(ForLoopTree node, Integer depth) {
                return super.visitForLoop(node, depth + 1);
            }

            @Override
            public Void visitEnhancedForLoop(com.sun.source.tree.EnhancedForLoopTree node, Integer depth) {
                return super.visitEnhancedForLoop(node, depth + 1);
            }

            @Override
            public Void visitSwitch(SwitchTree node, Integer depth) {
                return super.visitSwitch(node, depth + 1);
            }

            @Override
            public Void visitLambdaExpression(LambdaExpressionTree node, Integer depth) {
                return null;
            }

            @Override
            public Void visitClass(ClassTree node, Integer depth) {
                return null;
            }
        }.scan(c, 0);
        return found[0];
    }
}
