package io.coterie.naming;

final class Text {

    private Text() {
    }

    static boolean hasControlCharacter(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return true;
            }
        }
        return false;
    }

    static boolean hasWhitespaceOrControl(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c <= 0x20 || c == 0x7f || Character.isWhitespace(c)) {
                return true;
            }
        }
        return false;
    }
}
