package io.ferry.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BitsTest {

    @Test
    void cardinalityFollowsSetClearAndBranchFreeAdd() {
        Bits b = new Bits(130);
        assertThat(b.set(3)).isTrue();
        assertThat(b.set(3)).isFalse();
        b.add(129);
        b.add(129);
        assertThat(b.cardinality()).isEqualTo(2);
        assertThat(b.clear(3)).isTrue();
        assertThat(b.clear(3)).isFalse();
        assertThat(b.cardinality()).isEqualTo(1);
        assertThat(b.toArray()).containsExactly(129);
    }

    @Test
    void setAllLeavesNoBitPastTheSize() {
        Bits b = new Bits(70);
        b.setAll();
        assertThat(b.cardinality()).isEqualTo(70);
        assertThat(b.nextSetBit(69)).isEqualTo(69);
        assertThat(b.nextSetBit(70)).isEqualTo(-1);
        assertThat(b.toArray()).hasSize(70);
    }

    @Test
    void setAlgebraMatchesDefinition() {
        Bits a = new Bits(200);
        Bits c = new Bits(200);
        for (int i = 0; i < 200; i += 3) {
            a.set(i);
        }
        for (int i = 0; i < 200; i += 5) {
            c.set(i);
        }
        assertThat(a.intersectionCount(c)).isEqualTo(14); // multiples of 15 below 200
        Bits copy = new Bits(200);
        copy.copyFrom(a);
        copy.andNot(c);
        assertThat(copy.cardinality()).isEqualTo(67 - 14);
        copy.or(c);
        assertThat(copy.cardinality()).isEqualTo(67 + 40 - 14);
        assertThat(copy.anyIn(1, 3)).isFalse();
        assertThat(copy.anyIn(1, 4)).isTrue();
    }

    @Test
    void highestWhenAskedForMoreThanSetThenAllOfThemHighestFirst() {
        Bits b = new Bits(200);
        b.set(1);
        b.set(64);
        b.set(130);
        b.set(199);
        assertThat(b.highest(2)).containsExactly(199, 130);
        assertThat(b.highest(9)).containsExactly(199, 130, 64, 1);
    }

    @Test
    void setRangeAndRemoveKeepTheCardinalityRight() {
        Bits b = new Bits(300);
        b.setRange(100, 300);
        assertThat(b.cardinality()).isEqualTo(200);
        b.remove(150);
        b.remove(150);
        assertThat(b.cardinality()).isEqualTo(199);
        assertThat(b.get(150)).isFalse();
        assertThat(b.nextSetBit(0)).isEqualTo(100);
    }
}
