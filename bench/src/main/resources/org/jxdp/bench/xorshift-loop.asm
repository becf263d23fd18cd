# Loop-heavy compute: 1000 rounds of xorshift64, summed. 3 + 1000 * 12 + 1 = 12004 instructions (an LDDW executes as one).
mov %r0, 0
lddw %r1, 0x123456789abcdef
mov %r2, 1000
loop:
mov %r3, %r1
lsh %r3, 13
xor %r1, %r3
mov %r3, %r1
rsh %r3, 7
xor %r1, %r3
mov %r3, %r1
lsh %r3, 17
xor %r1, %r3
add %r0, %r1
sub %r2, 1
jne %r2, 0, loop
exit
