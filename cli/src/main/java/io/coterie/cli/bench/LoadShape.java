package io.coterie.cli.bench;

/** The load: how many clients, how many operations of which kind, over how many keys of what size. */
public record LoadShape(int clients, long ops, int valueSize, long keys, long warmup, BenchMode mode, String keyPrefix) {

    public String key(long op) {
        return keyPrefix + (op % keys);
    }

    /** A printable value of {@code valueSize} bytes, so it is stored and shown as text. */
    public byte[] value() {
        byte[] value = new byte[valueSize];
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        for (int i = 0; i < value.length; i++) {
            value[i] = (byte) alphabet.charAt(i % alphabet.length());
        }
        return value;
    }
}
