// Awards: show the nominee fields that fit the kind chosen (individual or collective).
document.addEventListener("DOMContentLoaded", function () {
  var radios = document.querySelectorAll("input[name=nominee_kind]");
  if (!radios.length) { return; }
  function update() {
    var checked = document.querySelector("input[name=nominee_kind]:checked");
    var kind = checked ? checked.value : "individual";
    document.querySelectorAll(".awards-individual").forEach(function (el) {
      el.classList.toggle("d-none", kind !== "individual");
    });
    document.querySelectorAll(".awards-collective").forEach(function (el) {
      el.classList.toggle("d-none", kind !== "collective");
    });
    // fields needed for this kind of nominee only carry the required mark (*)
    document.querySelectorAll("[data-required-for]").forEach(function (field) {
      var needed = field.dataset.requiredFor === kind;
      field.setAttribute("aria-required", needed ? "true" : "false");
      var label = field.id && document.querySelector('label[for="' + field.id + '"]');
      if (!label) { return; }
      var mark = label.querySelector("[data-kind-mark]");
      if (needed && !mark) {
        mark = document.createElement("span");
        mark.className = "asteriskField";
        mark.dataset.kindMark = "";
        mark.setAttribute("aria-hidden", "true");
        mark.textContent = "*";
        label.appendChild(mark);
      } else if (!needed && mark) {
        mark.remove();
      }
    });
  }
  radios.forEach(function (r) { r.addEventListener("change", update); });
  update();
});
