# A bpf-to-bpf call, a helper call, stack traffic and an atomic add.
mov %r6, %r1
stdw [%r10-8], 5
call local twice
mov %r1, %r0
mov %r2, 3
call 0
lock add [%r10-8], %r0
ldxdw %r0, [%r10-8]
exit
twice:
mov %r0, %r1
lsh %r0, 1
exit
