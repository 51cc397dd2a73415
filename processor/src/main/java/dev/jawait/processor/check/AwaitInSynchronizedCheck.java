package dev.jawait.processor.check;

import com.sun.source.tree.SynchronizedTree;
import com.sun.source.util.TreePath;

/**
 * {@code await} inside a {@code synchronized} block of an {@code @Async} method: the monitor
 * would be held across the suspension and released on whichever thread resumes the machine.
 * (An await in the lock expression itself is fine: it completes before the monitor is taken.)
 */
final class AwaitInSynchronizedCheck implements MethodCheck {
    @Override
    public void check(MethodFacts method, Reporter reporter) {
        for (AwaitSite site : method.awaits) {
            TreePath child = site.path;
            for (TreePath p = site.path.getParentPath(); p != null && p.getLeaf() != method.tree;
                    child = p, p = p.getParentPath()) {
                if (p.getLeaf() instanceof SynchronizedTree
                        && ((SynchronizedTree) p.getLeaf()).getBlock() == child.getLeaf()) {
                    reporter.error(site.path, "await inside a synchronized block is not allowed: the monitor would"
                            + " be held while the method is suspended and released on another thread; move the"
                            + " await out of the block, or guard the state with dev.jawait.sync.Mutex");
                    break;
                }
            }
        }
    }
}
