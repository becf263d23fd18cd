# Compute: 100 rounds of xorshift32 in 32-bit ALU with a 64-bit accumulator; r1 = seed.
mov32 %r0, 0
mov32 %r2, 100
ldxw %r1, [%r1]
loop:
mov32 %r3, %r1
lsh32 %r3, 13
xor32 %r1, %r3
mov32 %r3, %r1
rsh32 %r3, 17
xor32 %r1, %r3
mov32 %r3, %r1
lsh32 %r3, 5
xor32 %r1, %r3
add %r0, %r1
sub32 %r2, 1
jne %r2, 0, loop
exit
