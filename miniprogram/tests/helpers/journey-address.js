/**
 * Journeys: save a default address in 苏州市相城区 through the real address page (fields, region, default switch).
 * `mountPage` is the test's own (page-shim installed on its wx); the caller checks the HTTP log afterwards.
 */
async function saveDefaultAddress(mountPage, values) {
  const edit = await mountPage('pages/address/edit/index');
  Object.keys(values).forEach((field) => edit.instance.onInput({ currentTarget: { dataset: { field } }, detail: { value: values[field] } }));
  edit.instance.onRegionChange({ detail: { value: ['江苏省', '苏州市', '相城区'] } });
  edit.instance.onDefaultChange({ detail: { value: true } });
  await edit.instance.onSave();
  return edit;
}

module.exports = { saveDefaultAddress };
