package dev.jawait.processor.check;

import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.util.SourcePositions;
import com.sun.source.util.TreePath;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;

/**
 * Warning: a {@code java.util.concurrent.locks.Lock} is locked before an await and unlocked after
 * it (clippy's {@code await_holding_lock}). While the machine is suspended the lock blocks every
 * other thread, and the machine may resume on another thread, whose {@code unlock()} then
 * throws {@code IllegalMonitorStateException} for a {@code ReentrantLock}. Matching is by source
 * order within the body: {@code x.lock()}, an await, then {@code x.unlock()} on the same receiver.
 */
final class LockAcrossAwaitCheck implements MethodCheck {
    private static final String LOCK = "java.util.concurrent.locks.Lock";

    @Override
    public void check(MethodFacts method, Reporter reporter) {
        if (method.awaits.isEmpty()) {
            return;
        }
        List<TreePath> locks = new ArrayList<>();
        List<TreePath> unlocks = new ArrayList<>();
        new BodyScanner() {
            @Override
            public Void visitMethodInvocation(MethodInvocationTree node, Void p) {
                if (node.getMethodSelect() instanceof MemberSelectTree && node.getArguments().isEmpty()) {
                    String name = ((MemberSelectTree) node.getMethodSelect()).getIdentifier().toString();
                    if (name.equals("lock") || name.equals("lockInterruptibly")) {
                        locks.add(getCurrentPath());
                    } else if (name.equals("unlock")) {
                        unlocks.add(getCurrentPath());
                    }
                }
                return super.visitMethodInvocation(node, p);
            }
        }.scanBody(method);
        if (locks.isEmpty() || unlocks.isEmpty()) {
            return;
        }
        Resolver resolver = new Resolver(method);
        TypeElement lockType = method.elements.getTypeElement(LOCK);
        SourcePositions pos = method.trees.getSourcePositions();
        for (TreePath lock : locks) {
            String receiver = receiver(lock);
            long lockAt = start(pos, lock);
            TreePath unlock = null;
            for (TreePath u : unlocks) {
                if (receiver(u).equals(receiver) && start(pos, u) > lockAt
                        && (unlock == null || start(pos, u) < start(pos, unlock))) {
                    unlock = u;
                }
            }
            if (unlock == null) {
                continue;
            }
            AwaitSite held = null;
            for (AwaitSite a : method.awaits) {
                long at = start(pos, a.path);
                if (at > lockAt && at < start(pos, unlock)) {
                    held = a;
                    break;
                }
            }
            if (held == null || !isLock(resolver, lock, lockType, method)) {
                continue;
            }
            reporter.warning(lock, "lock '" + receiver + "' is held across the await on line " + method.line(held.path)
                    + " (unlocked on line " + method.line(unlock) + "): while suspended it blocks other threads,"
                    + " and the machine may resume on another thread, which cannot unlock it; unlock before the"
                    + " await, or use dev.jawait.sync.Mutex, which is held by the task rather than a thread");
        }
    }

    private static boolean isLock(Resolver resolver, TreePath call, TypeElement lockType, MethodFacts method) {
        if (lockType == null) {
            return false;
        }
        MemberSelectTree ms = (MemberSelectTree) ((MethodInvocationTree) call.getLeaf()).getMethodSelect();
        TypeMirror t = resolver.typeOf(call, ms.getExpression());
        return t != null && t.getKind() == TypeKind.DECLARED
                && method.types.isSubtype(method.types.erasure(t), method.types.erasure(lockType.asType()));
    }

    private static String receiver(TreePath call) {
        return ((MemberSelectTree) ((MethodInvocationTree) call.getLeaf()).getMethodSelect()).getExpression().toString();
    }

    private static long start(SourcePositions pos, TreePath p) {
        return pos.getStartPosition(p.getCompilationUnit(), p.getLeaf());
    }
}
