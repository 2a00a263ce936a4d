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
  }
  radios.forEach(function (r) { r.addEventListener("change", update); });
  update();
});
