// Counter sale: choosing a SKU fills its listed unit price in an empty price box. Without this
// script an empty price box still means the listed price (the server fills it in).
(function () {
  var form = document.querySelector("form[data-prices]");
  if (!form) return;
  var prices = {};
  form.querySelectorAll("#skus option").forEach(function (option) {
    prices[option.value] = option.dataset.price;
  });
  form.addEventListener("change", function (event) {
    var match = /^sku-(\d+)$/.exec(event.target.id);
    if (!match) return;
    var price = document.getElementById("unit_price-" + match[1]);
    if (price && !price.value && prices[event.target.value]) price.value = prices[event.target.value];
  });
})();
