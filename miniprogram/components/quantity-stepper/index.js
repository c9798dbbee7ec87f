/**
 * − [n] + quantity picker. Keeps the number within min…max (1…99 by default); fires `change` with {value} only when
 * the number really changes (typing is applied on blur / confirm).
 */
function clamp(value, min, max) {
  const n = Math.floor(Number(value));
  if (!Number.isFinite(n)) return min;
  return Math.min(max, Math.max(min, n));
}

Component({
  options: { addGlobalClass: true },

  properties: {
    value: { type: Number, value: 1 },
    min: { type: Number, value: 1 },
    max: { type: Number, value: 99 },
    disabled: { type: Boolean, value: false },
  },

  data: {
    shown: 1,
    canMinus: false,
    canPlus: true,
  },

  observers: {
    'value, min, max': function update(value, min, max) {
      const upper = Math.max(min, max);
      const shown = clamp(value, min, upper);
      this.setData({ shown, canMinus: shown > min, canPlus: shown < upper });
    },
  },

  methods: {
    emit(next) {
      const upper = Math.max(this.data.min, this.data.max);
      const value = clamp(next, this.data.min, upper);
      this.setData({ shown: value, canMinus: value > this.data.min, canPlus: value < upper });
      if (value !== this.data.value) this.triggerEvent('change', { value });
    },

    onMinus() {
      if (this.data.disabled || !this.data.canMinus) return;
      this.emit(this.data.shown - 1);
    },

    onPlus() {
      if (this.data.disabled || !this.data.canPlus) return;
      this.emit(this.data.shown + 1);
    },

    onInputDone(e) {
      if (this.data.disabled) return;
      this.emit(e && e.detail ? e.detail.value : this.data.shown);
    },
  },
});
