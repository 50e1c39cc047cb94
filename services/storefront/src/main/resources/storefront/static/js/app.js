// Forms marked data-submit-once disable their submit button once sent, so an impatient second click does not
// post again (the checkout's idempotency key makes a repeat harmless anyway).
document.querySelectorAll('form[data-submit-once]').forEach((form) => {
  form.addEventListener('submit', () => {
    form.querySelectorAll('button[type=submit]').forEach((button) => {
      setTimeout(() => { button.disabled = true; }, 0);
    });
  });
});
