/**
 * The resend countdown of an SMS code button (login, adding a staff member): page methods that keep
 * `data.countdown` at the seconds left and stop their timer at zero. Call stopCountdown() in onUnload.
 */
const DEFAULT_RESEND_SECONDS = 60;

const countdownMethods = {
  startCountdown(seconds) {
    this.stopCountdown();
    const total = Math.max(1, Math.ceil(Number(seconds) || DEFAULT_RESEND_SECONDS));
    this.setData({ countdown: total });
    this.countdownTimer = setInterval(() => {
      const next = this.data.countdown - 1;
      this.setData({ countdown: next > 0 ? next : 0 });
      if (next <= 0) this.stopCountdown();
    }, 1000);
  },

  stopCountdown() {
    if (this.countdownTimer) clearInterval(this.countdownTimer);
    this.countdownTimer = null;
  },
};

module.exports = { DEFAULT_RESEND_SECONDS, countdownMethods };
