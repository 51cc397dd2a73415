package dev.jawait.processor.check;

/** Warning: an {@code @Async} method that never awaits gains nothing from the state machine. */
final class NoAwaitCheck implements MethodCheck {
    @Override
    public void check(MethodFacts method, Reporter reporter) {
        if (method.awaits.isEmpty()) {
            reporter.warning(method.path, "@Async method '" + method.name() + "' contains no await, so it runs"
                    + " straight through when first polled; remove @Async (return Future.ready(...) or"
                    + " CompletableFuture.completedFuture(...)), or add @SuppressWarnings(\"jawait\")");
        }
    }
}
