// Dashboard filters: changing the year or area applies the filter at once.
document.addEventListener("change", (event) => {
  const field = event.target.closest("select[data-autosubmit]");
  if (field && field.form) field.form.requestSubmit();
});
