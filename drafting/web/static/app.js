// drafting web: the little the pages need beyond htmx.
// A suggestion button ("Sửa thành: …") puts the registry's name in its field, and the field is checked again.
document.addEventListener("click", function (ev) {
  var b = ev.target.closest("button.goi-y");
  if (!b) return;
  var field = document.querySelector('[name="' + CSS.escape(b.dataset.field) + '"]');
  if (!field) return;
  field.value = b.dataset.value;
  field.dispatchEvent(new Event("input", { bubbles: true }));
  field.focus();
});
// A page with unsaved changes asks before it is left.
document.addEventListener("input", function (ev) {
  if (ev.target.closest("#bieu-mau")) window.__chuaLuu = true;
});
document.addEventListener("htmx:afterSwap", function (ev) {
  if (ev.detail.target && ev.detail.target.id === "than" && document.querySelector(".thong-bao")) window.__chuaLuu = false;
});
document.addEventListener("submit", function () { window.__chuaLuu = false; });
window.addEventListener("beforeunload", function (ev) {
  if (window.__chuaLuu) { ev.preventDefault(); ev.returnValue = ""; }
});
// A request the app refused (403, 413, 500 …): its message at the top of the page, nothing else changed.
document.addEventListener("htmx:responseError", function (ev) {
  var box = document.getElementById("bao-loi");
  if (!box) return;
  var text = ev.detail.xhr.responseText || "Không thực hiện được.";
  box.textContent = text.replace(/<[^>]+>/g, "").trim();
  box.hidden = false;
});
document.addEventListener("htmx:sendError", function () {
  var box = document.getElementById("bao-loi");
  if (!box) return;
  box.textContent = "Không kết nối được với drafting web: ứng dụng đã dừng? Chạy lại drafting web rồi tải lại trang.";
  box.hidden = false;
});
// The browser's own file button speaks the browser's language: ours says what was chosen, in Vietnamese.
document.addEventListener("change", function (ev) {
  var input = ev.target;
  if (input.type !== "file") return;
  var shown = input.closest(".chon-tep") && input.closest(".chon-tep").querySelector(".ten-tep");
  if (!shown) return;
  var names = Array.prototype.map.call(input.files, function (f) { return f.name; });
  var what = input.name === "phieu" ? " phiếu: " : " tệp: ";
  shown.textContent = names.length ? "Đã chọn " + names.length + what + names.join(", ") : shown.dataset.trong;
});
