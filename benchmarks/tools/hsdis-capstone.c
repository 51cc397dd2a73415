/*
 * A HotSpot disassembler plugin ("hsdis") over the capstone library, so that JMH's perfasm
 * profiler (BENCHMARKS.md, command (13)) can print the JIT's x86-64 code. Not part of the build.
 *
 * HotSpot (JDK 9 and later) looks up one entry point, decode_instructions_virtual, in
 * $JAVA_HOME/lib/hsdis-amd64.so. It reports each instruction through two events, "insn" (the
 * address where it starts, so that HotSpot prints the address and its annotations) and "/insn"
 * (where it ends), and expects the instruction's text through the printf callback in between.
 *
 * Build and install (Debian: apt-get install libcapstone-dev):
 *   gcc -O2 -shared -fPIC -o hsdis-amd64.so hsdis-capstone.c -lcapstone
 *   cp hsdis-amd64.so /usr/lib/jvm/java-17-openjdk-amd64/lib/
 *   cp hsdis-amd64.so /usr/lib/jvm/temurin-25-jdk-amd64/lib/
 */
#include <stdint.h>
#include <capstone/capstone.h>

typedef void *(*event_callback)(void *stream, const char *event, void *arg);
typedef int (*printf_callback)(void *stream, const char *format, ...);

void *decode_instructions_virtual(uintptr_t start_va, uintptr_t end_va,
                                  unsigned char *buffer, uintptr_t length,
                                  event_callback events, void *event_stream,
                                  printf_callback out, void *out_stream,
                                  const char *options, int newline) {
    (void) options;
    csh handle;
    if (cs_open(CS_ARCH_X86, CS_MODE_64, &handle) != CS_ERR_OK) {
        return (void *) start_va;
    }
    cs_option(handle, CS_OPT_SYNTAX, CS_OPT_SYNTAX_ATT); /* HotSpot's own listings use AT&T */
    cs_insn *insn = cs_malloc(handle);
    const uint8_t *code = buffer;
    size_t left = length;
    uintptr_t pc = start_va;
    while (pc < end_va && left > 0) {
        uint64_t next = pc;
        if (events) events(event_stream, "insn", (void *) pc);
        if (cs_disasm_iter(handle, &code, &left, &next, insn)) {
            out(out_stream, "%-7s %s", insn->mnemonic, insn->op_str);
            pc = (uintptr_t) next;
        } else { /* not an instruction capstone knows: show the byte and go on */
            out(out_stream, ".byte 0x%02x", *code);
            code++;
            left--;
            pc++;
        }
        if (events) events(event_stream, "/insn", (void *) pc);
        if (newline) out(out_stream, "\n");
    }
    cs_free(insn, 1);
    cs_close(&handle);
    return (void *) pc;
}
