package dev.jawait.processor;

import com.sun.source.tree.BlockTree;
import com.sun.source.tree.BreakTree;
import com.sun.source.tree.CaseTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.ContinueTree;
import com.sun.source.tree.DoWhileLoopTree;
import com.sun.source.tree.EnhancedForLoopTree;
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
import javax.lang.model.element.Name;

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
                boolean inner = l.getStatement() instanceof DoWhileLoopTree
                        ? doWhileCompletes((DoWhileLoopTree) l.getStatement(), l.getLabel(), constantTrue)
                        : completesNormally(l.getStatement(), constantTrue);
                return inner || breaksOut(l.getStatement(), l);
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
            case DO_WHILE_LOOP:
                return doWhileCompletes((DoWhileLoopTree) s, null, constantTrue);
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

    /** A {@code do} loop labelled {@code label} (or null) reaches its condition by falling off its body or by a continue. */
    private static boolean doWhileCompletes(DoWhileLoopTree d, Name label, Predicate<ExpressionTree> constantTrue) {
        boolean bodyEnds = completesNormally(d.getStatement(), constantTrue) || continues(d.getStatement(), label);
        return bodyEnds && !constantTrue.test(d.getCondition()) || breaksOut(d.getStatement(), d);
    }

    private static boolean all(List<? extends StatementTree> stats, Predicate<ExpressionTree> constantTrue) {
        for (StatementTree st : stats) {
            if (!completesNormally(st, constantTrue)) {
                return false;
            }
        }
        return true;
    }

    private static boolean switchCompletes(SwitchTree s, Predicate<ExpressionTree> constantTrue) {
        // A pattern switch (JDK 21+) is exhaustive like one with a default (JLS 14.11.1.1).
        boolean hasDefault = CaseLabels.needPatternDispatch(s.getCases());
        boolean rules = false;
        boolean anyRuleCompletes = false;
        for (CaseTree c : s.getCases()) {
            if (CaseLabels.isLoneDefault(c) || CaseLabels.labels(c).stream().anyMatch(CaseLabels::isDefault)) {
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
        if (target instanceof SwitchTree) {
            // an unlabeled break directly in one of the switch's own cases leaves it
            JumpFinder finder = new JumpFinder(true, null);
            for (CaseTree c : ((SwitchTree) target).getCases()) {
                finder.scan(c, 0);
            }
            return finder.found;
        }
        Name label = target instanceof LabeledStatementTree ? ((LabeledStatementTree) target).getLabel() : null;
        return new JumpFinder(true, label).find(body);
    }

    /** Whether {@code body} continues the loop whose body it is, unlabeled or through {@code label}. */
    private static boolean continues(Tree body, Name label) {
        return new JumpFinder(false, label).find(body);
    }

    /**
     * Looks for a {@code break} (or {@code continue}) that jumps to the statement being scanned:
     * one naming {@code label}, or an unlabeled one that no nested loop (or, for {@code break},
     * nested switch) captures first — for a labelled target only a labelled {@code break} counts
     * (the unlabeled ones belong to the loop inside the label, which checks them itself). The scan's argument is that nesting depth. Lambda and class
     * bodies are other methods, so their jumps never count.
     */
    private static final class JumpFinder extends TreeScanner<Void, Integer> {
        private final boolean isBreak;
        private final Name label;
        boolean found;

        JumpFinder(boolean isBreak, Name label) {
            this.isBreak = isBreak;
            this.label = label;
        }

        boolean find(Tree body) {
            scan(body, 0);
            return found;
        }

        private void jump(Name target, int depth) {
            if (target != null ? target.equals(label) : depth == 0 && (label == null || !isBreak)) {
                found = true;
            }
        }

        @Override
        public Void visitBreak(BreakTree node, Integer depth) {
            if (isBreak) {
                jump(node.getLabel(), depth);
            }
            return null;
        }

        @Override
        public Void visitContinue(ContinueTree node, Integer depth) {
            if (!isBreak) {
                jump(node.getLabel(), depth);
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
        public Void visitEnhancedForLoop(EnhancedForLoopTree node, Integer depth) {
            return super.visitEnhancedForLoop(node, depth + 1);
        }

        @Override
        public Void visitSwitch(SwitchTree node, Integer depth) {
            // an unlabeled break inside a nested switch leaves that switch; a continue does not
            return super.visitSwitch(node, isBreak ? depth + 1 : depth);
        }

        @Override
        public Void visitLambdaExpression(LambdaExpressionTree node, Integer depth) {
            return null;
        }

        @Override
        public Void visitClass(ClassTree node, Integer depth) {
            return null;
        }
    }
}
