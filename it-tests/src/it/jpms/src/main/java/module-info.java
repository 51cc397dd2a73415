module demo.greeter {
    requires dev.jawait.runtime;
    exports demo;
}
