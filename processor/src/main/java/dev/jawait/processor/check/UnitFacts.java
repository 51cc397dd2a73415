package dev.jawait.processor.check;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.MemberReferenceTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import java.util.ArrayList;
import java.util.List;

/**
 * What the unit checks need to know about one compilation unit, found in one scan: every
 * {@code await} call (classified by {@link AwaitSite}), every {@code Await::await} reference and
 * every method annotated {@code @Async}, including those of local and anonymous classes, which
 * the processor's round does not list.
 */
final class UnitFacts {
    final CompilationUnitTree unit;
    final AwaitMatcher matcher;
    final List<AwaitSite> awaits = new ArrayList<>();
    final List<TreePath> awaitReferences = new ArrayList<>();
    final List<TreePath> asyncMethods = new ArrayList<>();

    private UnitFacts(CompilationUnitTree unit, AwaitMatcher matcher) {
        this.unit = unit;
        this.matcher = matcher;
    }

    static UnitFacts scan(CompilationUnitTree unit, AwaitMatcher matcher) {
        UnitFacts facts = new UnitFacts(unit, matcher);
        new TreePathScanner<Void, Void>() {
            @Override
            public Void visitMethodInvocation(MethodInvocationTree node, Void p) {
                if (matcher.isAwait(getCurrentPath())) {
                    facts.awaits.add(AwaitSite.of(getCurrentPath(), matcher));
                }
                return super.visitMethodInvocation(node, p);
            }

            @Override
            public Void visitMemberReference(MemberReferenceTree node, Void p) {
                if (matcher.isAwaitReference(node)) {
                    facts.awaitReferences.add(getCurrentPath());
                }
                return super.visitMemberReference(node, p);
            }

            @Override
            public Void visitMethod(MethodTree node, Void p) {
                if (AwaitSite.isAsync(node, matcher)) {
                    facts.asyncMethods.add(getCurrentPath());
                }
                return super.visitMethod(node, p);
            }
        }.scan(unit, null);
        return facts;
    }
}
