package io.headstream.inference;

/**
 * Every head's raw outputs for one window, trimmed of padding; indexes are window positions.
 *
 * @param start answer start logit per position
 * @param end answer end logit per position
 * @param nullLogit the window's no-answer logit
 * @param salience summary salience logit per position
 * @param tags tag logits, {@code labels} per position, row-major
 * @param labels number of tag labels
 */
record WindowLogits(float[] start, float[] end, float nullLogit, float[] salience, float[] tags, int labels) {

    float tag(int position, int label) {
        return tags[position * labels + label];
    }
}
