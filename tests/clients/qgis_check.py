#!/usr/bin/python3
"""Opens omrade's outputs in real QGIS (PyQGIS, headless) the way users open them.

Builds the demo into a scratch folder with the omrade binary, then for every pilot: reads
<pilot>.qgs, checks layers, styles, labels, CRS, initial extent and map themes, renders the map
(1600 px wide) and a print layout with legend to PNG under --artifacts; loads the GeoPackage
layers alone (default style from layer_styles) and the GeoJSON files with their .qml.
Exit code 0 = all checks passed; anything else fails the test loudly.
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys

try:
    from qgis.core import (QgsApplication, QgsLayoutExporter, QgsLayoutItemLabel, QgsLayoutItemLegend,
                           QgsLayoutItemMap, QgsLayoutPoint, QgsLayoutSize, QgsMapRendererParallelJob,
                           QgsMapSettings, QgsPrintLayout, QgsProject, QgsRectangle, QgsRenderContext, QgsUnitTypes,
                           QgsVectorLayer, QgsLayerTree, QgsLayerTreeModel)
    from qgis.gui import QgsLayerTreeMapCanvasBridge, QgsMapCanvas
    from qgis.PyQt.QtCore import QSize
    from qgis.core import NULL
    from qgis.PyQt.QtGui import QColor, QImage
except ImportError as e:  # the test must fail, not skip, when the client is missing
    sys.exit(f"FEL: PyQGIS saknas ({e}). Installera paketen i tools/deps/test-clients.txt "
             f"(apt-get install python3-qgis qgis-providers) och kör med /usr/bin/python3.")

failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL:", what, flush=True)
    return cond


def quintile_rules(renderer):
    """Leaf rules of a rule-based renderer: (label, filter)."""
    out = []

    def walk(rule):
        for child in rule.children():
            if child.children():
                walk(child)
            else:
                out.append((child.label(), child.filterExpression()))
    walk(renderer.rootRule())
    return out


def check_indicator_renderer(layer, where):
    r = layer.renderer()
    if not check(r is not None and r.type() == "RuleRenderer", f"{where}: deso-lagret ritas inte regelbaserat ({r.type() if r else None})"):
        return
    rules = quintile_rules(r)
    classes = [(label, f) for label, f in rules if f and f != "ELSE" and "IS NULL" not in f]
    check(len(classes) >= 5, f"{where}: {len(classes)} klasser, minst 5 väntas")
    if classes:
        check(classes[0][0].startswith("Lägst 20 %"), f"{where}: första klassen heter '{classes[0][0]}'")
        check(classes[-1][0].startswith("Högst 20 %"), f"{where}: sista klassen heter '{classes[-1][0]}'")
    for label, _ in classes:
        check(not re.search(r"\d\.\d", label), f"{where}: decimalpunkt i förklaringen '{label}'")
    check(any(f == "ELSE" for _, f in rules), f"{where}: ingen regel för DeSO utan värde")
    # Every DeSO falls in exactly one leaf rule; classes rise with the value; NULL is never a class.
    leaves = {}
    def collect(rule):
        for child in rule.children():
            if child.children():
                collect(child)
            else:
                leaves[child.ruleKey()] = child
    collect(r.rootRule())
    class_keys = [k for k, rule in leaves.items() if rule.filterExpression() not in ("ELSE",) and "IS NULL" not in rule.filterExpression()]
    field = re.match(r'"([^"]+)"', classes[0][1]).group(1) if classes else None
    ctx = QgsRenderContext()
    r.startRender(ctx, layer.fields())
    placed = []
    for feature in layer.getFeatures():
        keys = [k for k in r.legendKeysForFeature(feature, ctx) if k in leaves]
        value = feature[field] if field else None
        if not check(len(keys) == 1, f"{where}: DeSO {feature['desokod']} ({value}) träffar reglerna {keys}"):
            continue
        if value is None or value == NULL:
            check(keys[0] not in class_keys, f"{where}: DeSO {feature['desokod']} utan värde ritas som en klass")
        else:
            check(keys[0] in class_keys, f"{where}: DeSO {feature['desokod']} ({value}) hamnar inte i någon klass")
            if keys[0] in class_keys:
                placed.append((value, class_keys.index(keys[0])))
    r.stopRender(ctx)
    placed.sort()
    check(all(a[1] <= b[1] for a, b in zip(placed, placed[1:])), f"{where}: klasserna följer inte värdena: {placed}")
    fields = layer.fields().names()
    reason_fields = [f for f in fields if f.endswith("_orsak")]
    if reason_fields:
        check(any("undertryckt" in (f or "") for _, f in rules), f"{where}: ingen regel för undertryckta värden")


CHANGE_WORDS = {"förbättras", "försämras", "ökar", "minskar", "ingen säker förändring", "kan inte beräknas"}


def check_change_renderer(layer, where):
    """The förändring layer: one rule per word of <id>_forandring, every DeSO in exactly one rule,
    the rule matching the DeSO's word."""
    r = layer.renderer()
    if not check(r is not None and r.type() == "RuleRenderer", f"{where}: ritas inte regelbaserat"):
        return
    rules = quintile_rules(r)
    words = [re.search(r"= '(.*)'$", f).group(1) for _, f in rules if f and f != "ELSE"]
    check(set(words) <= CHANGE_WORDS and "ingen säker förändring" in words and "kan inte beräknas" in words,
          f"{where}: reglerna {words}")
    field_match = re.match(r'"([^"]+)"', next((f for _, f in rules if f and f != "ELSE"), '""'))
    field = field_match.group(1) if field_match else ""
    check(field.endswith("_forandring") and field in layer.fields().names(), f"{where}: fältet {field} saknas")
    leaves = {}
    def collect(rule):
        for child in rule.children():
            if child.children():
                collect(child)
            else:
                leaves[child.ruleKey()] = child
    collect(r.rootRule())
    ctx = QgsRenderContext()
    r.startRender(ctx, layer.fields())
    seen = set()
    for feature in layer.getFeatures():
        keys = [k for k in r.legendKeysForFeature(feature, ctx) if k in leaves]
        word = feature[field]
        if not check(len(keys) == 1, f"{where}: DeSO {feature['desokod']} ({word}) träffar reglerna {keys}"):
            continue
        rule = leaves[keys[0]]
        if word in CHANGE_WORDS and word in words:
            check(rule.filterExpression().endswith(f"'{word}'"), f"{where}: DeSO {feature['desokod']} '{word}' ritas som {rule.label()}")
            seen.add(word)
        reason = feature[field + "_orsak"]
        check(reason is not None and reason != NULL and len(str(reason)) > 0, f"{where}: DeSO {feature['desokod']} saknar orsak")
    r.stopRender(ctx)
    check(len(seen) >= 1, f"{where}: inga DeSO med ett förändringsord")


def render_map(project, extent, path):
    settings = QgsMapSettings()
    settings.setLayers(project.layerTreeRoot().checkedLayers())
    settings.setDestinationCrs(project.crs())
    settings.setBackgroundColor(QColor(255, 255, 255))
    width = 1600
    height = int(round(width * extent.height() / extent.width()))
    settings.setOutputSize(QSize(width, height))
    settings.setExtent(extent)
    settings.setFlag(QgsMapSettings.Antialiasing, True)
    settings.setFlag(QgsMapSettings.DrawLabeling, True)
    job = QgsMapRendererParallelJob(settings)
    job.start()
    job.waitForFinished()
    image = job.renderedImage()
    image.save(path, "PNG")
    return image


def class_colours_seen(image, layer):
    """Share of sampled pixels that are not white, and how many of the layer's class fill colours
    appear in the image (the map is neither empty nor one flat colour)."""
    fills = set()
    for symbol in layer.renderer().symbols(QgsRenderContext()):
        c = symbol.color()
        fills.add((c.red(), c.green(), c.blue()))
    total = coloured = 0
    seen = set()
    for y in range(0, image.height(), 4):
        for x in range(0, image.width(), 4):
            total += 1
            c = QColor(image.pixel(x, y))
            rgb = (c.red(), c.green(), c.blue())
            if rgb != (255, 255, 255):
                coloured += 1
            if rgb in fills:
                seen.add(rgb)
    return coloured / max(total, 1), len(seen)


def render_layout(project, extent, path):
    layout = QgsPrintLayout(project)
    layout.initializeDefaults()  # one A4 landscape page
    title = QgsLayoutItemLabel(layout)
    title.setText(project.title())
    title.attemptMove(QgsLayoutPoint(10, 6, QgsUnitTypes.LayoutMillimeters))
    title.attemptResize(QgsLayoutSize(200, 10, QgsUnitTypes.LayoutMillimeters))
    layout.addLayoutItem(title)
    m = QgsLayoutItemMap(layout)
    m.attemptMove(QgsLayoutPoint(10, 18, QgsUnitTypes.LayoutMillimeters))
    m.attemptResize(QgsLayoutSize(190, 185, QgsUnitTypes.LayoutMillimeters))
    layout.addLayoutItem(m)
    visible = project.layerTreeRoot().checkedLayers()
    m.setCrs(project.crs())
    m.setLayers(visible)
    m.setKeepLayerSet(True)
    # setExtent resizes the item to the extent's shape; zoomToExtent alone leaves a new item empty.
    m.setExtent(extent)
    m.attemptResize(QgsLayoutSize(190, 185, QgsUnitTypes.LayoutMillimeters))
    m.zoomToExtent(extent)
    legend = QgsLayoutItemLegend(layout)
    legend.setLinkedMap(m)
    legend.setTitle("Teckenförklaring")
    # The legend of what the map shows (the other indicator layers are switched off).
    legend.setAutoUpdateModel(False)
    tree = QgsLayerTree()
    for layer in visible:
        tree.addLayer(layer)
    legend.model().setRootGroup(tree)
    legend.attemptMove(QgsLayoutPoint(205, 18, QgsUnitTypes.LayoutMillimeters))
    layout.addLayoutItem(legend)
    exporter = QgsLayoutExporter(layout)
    settings = QgsLayoutExporter.ImageExportSettings()
    settings.dpi = 1600 / (297 / 25.4)
    return exporter.exportToImage(path, settings) == QgsLayoutExporter.Success


def check_project(out, pilot, artifacts):
    where = pilot
    path = os.path.join(out, pilot, pilot + ".qgs")
    project = QgsProject.instance()
    project.clear()
    # The desktop's map canvas and layer-tree bridge, as QGIS sets them up when a project opens.
    canvas = QgsMapCanvas()
    canvas.resize(1200, 800)
    bridge = QgsLayerTreeMapCanvasBridge(project.layerTreeRoot(), canvas)
    if not check(project.read(path), f"{where}: QgsProject.read({path}) misslyckades"):
        return
    QgsApplication.processEvents()  # the bridge hands the layers to the canvas on the next event loop turn
    check(canvas.mapSettings().destinationCrs().authid() == "EPSG:3006",
          f"{where}: kartfönstret öppnas i {canvas.mapSettings().destinationCrs().authid()}")
    canvas_catchment = project.mapLayersByName("Upptagningsområde")
    check(bool(canvas_catchment) and canvas.extent().contains(canvas_catchment[0].extent()),
          f"{where}: kartfönstret {canvas.extent().toString()} visar inte hela upptagningsområdet")
    check(len(canvas.layers()) >= 4, f"{where}: kartfönstret visar {len(canvas.layers())} lager")
    check(project.crs().authid() == "EPSG:3006", f"{where}: projektets CRS är {project.crs().authid()}")
    layers = list(project.mapLayers().values())
    check(len(layers) >= 4, f"{where}: {len(layers)} lager i projektet")
    for layer in layers:
        check(layer.isValid(), f"{where}: lagret '{layer.name()}' är ogiltigt ({layer.source()})")
        check(layer.crs().authid() == "EPSG:3006", f"{where}: lagret '{layer.name()}' har CRS {layer.crs().authid()}")

    root = project.layerTreeRoot()
    top = [n.name() for n in root.children()]
    expected = ["Vårdcentraler", "Upptagningsområde", "Kommungränser"]
    check(top[:3] == expected, f"{where}: lagerordning {top}")
    order = [l.name() for l in root.layerOrder()]
    deso_all = [l for l in layers if "layername=deso" in l.source()]
    # The förändring theme's layers: the same DeSO layer drawn by <id>_forandring.
    change = [l for l in deso_all if l.name().startswith("Förändring: ")]
    deso = [l for l in deso_all if l not in change]
    check(len(deso) >= 1, f"{where}: inget deso-lager")
    check(len(change) >= 1, f"{where}: inget förändringslager (tema förändring)")
    check(order[:3] == expected and all(l.name() in order[3:] for l in deso_all), f"{where}: ritordning {order}")
    for layer in change:
        check_change_renderer(layer, f"{where}/{layer.name()}")
    for layer in deso:
        check_indicator_renderer(layer, f"{where}/{layer.name()}")
        check(layer.featureCount() > 0, f"{where}/{layer.name()}: inga DeSO")
    checked = root.checkedLayers()
    check(sum(1 for l in checked if l in deso_all) == 1,
          f"{where}: {sum(1 for l in checked if l in deso_all)} deso-lager synliga, 1 väntas")
    groups = [g.name() for g in root.findGroups()]
    check("DeSO – förändring" in groups, f"{where}: gruppen 'DeSO – förändring' saknas ({groups})")

    vc = project.mapLayersByName("Vårdcentraler")
    if check(len(vc) == 1, f"{where}: lagret Vårdcentraler saknas"):
        vc = vc[0]
        check(vc.labelsEnabled(), f"{where}: vårdcentralerna saknar etiketter")
        check(vc.labeling() is not None and vc.labeling().settings().fieldName == "vardcentral",
              f"{where}: etiketterna visar inte vårdcentralens namn")
        # The pilot's own vårdcentral has its own, larger symbol and legend entry.
        ctx = QgsRenderContext()
        r = vc.renderer()
        r.startRender(ctx, vc.fields())
        own = [f["vardcentral"] for f in vc.getFeatures() if "{markerad}" in r.legendKeysForFeature(f, ctx)]
        r.stopRender(ctx)
        pilots_vc = [f["vardcentral"] for f in vc.getFeatures() if f["pilot"] == "ja"]
        check(len(pilots_vc) == 1 and own == pilots_vc, f"{where}: markerad vårdcentral {own}, pilotens {pilots_vc}")

    catchment = project.mapLayersByName("Upptagningsområde")[0]
    view = project.viewSettings().defaultViewExtent()
    check(not view.isNull() and view.crs().authid() == "EPSG:3006", f"{where}: ingen startvy i EPSG:3006")
    check(QgsRectangle(view).contains(catchment.extent()),
          f"{where}: startvyn {view.toString()} täcker inte upptagningsområdet {catchment.extent().toString()}")
    # The view is about the catchment, not the whole county.
    check(view.width() < 3 * max(catchment.extent().width(), catchment.extent().height()),
          f"{where}: startvyn är mycket större än upptagningsområdet")

    themes = project.mapThemeCollection().mapThemes()
    check(len(themes) == len(deso_all), f"{where}: {len(themes)} kartteman för {len(deso_all)} DeSO-lager")
    for theme in themes:
        visible = project.mapThemeCollection().mapThemeVisibleLayers(theme)
        shown = [l for l in visible if l in deso_all]
        check(len(shown) == 1 and shown[0].name() == theme, f"{where}: temat '{theme}' visar {[l.name() for l in shown]}")
    first_shown = [l.name() for l in root.checkedLayers() if l in deso]
    if len(themes) > 1 and first_shown:
        model = QgsLayerTreeModel(root)
        project.mapThemeCollection().applyTheme(themes[1], root, model)
        shown = [l.name() for l in root.checkedLayers() if l in deso]
        check(shown == [themes[1]], f"{where}: efter temat '{themes[1]}' syns {shown}")
        project.mapThemeCollection().applyTheme(first_shown[0], root, model)

    png = os.path.join(artifacts, pilot + ".png")
    image = render_map(project, QgsRectangle(view), png)
    shown = [l for l in root.checkedLayers() if l in deso][0]
    share, classes = class_colours_seen(image, shown)
    print(f"{where}: karta {image.width()}×{image.height()} px, {share:.0%} färgat, {classes} klassfärger -> {png}", flush=True)
    check(image.width() == 1600, f"{where}: bilden är {image.width()} px bred")
    check(share > 0.1, f"{where}: kartan är nästan tom ({share:.0%} färgade punkter)")
    check(classes >= 2, f"{where}: bara {classes} av klassfärgerna syns på kartan")
    # The förändring theme applied: its layer alone, drawn in at least two of its colours.
    change_themes = [t for t in themes if t.startswith("Förändring: ")]
    if check(bool(change_themes), f"{where}: inget kartema 'Förändring: ...'") and first_shown:
        model = QgsLayerTreeModel(root)
        project.mapThemeCollection().applyTheme(change_themes[0], root, model)
        shown = [l for l in root.checkedLayers() if l in deso_all]
        if check(len(shown) == 1 and shown[0].name() == change_themes[0],
                 f"{where}: efter temat '{change_themes[0]}' syns {[l.name() for l in shown]}"):
            change_png = os.path.join(artifacts, pilot + "_forandring.png")
            change_image = render_map(project, QgsRectangle(view), change_png)
            c_share, c_classes = class_colours_seen(change_image, shown[0])
            print(f"{where}: förändringskarta {change_themes[0]}: {c_share:.0%} färgat, {c_classes} färger -> {change_png}",
                  flush=True)
            check(c_share > 0.1, f"{where}: förändringskartan är nästan tom")
            check(c_classes >= 1, f"{where}: förändringskartan visar ingen av temats färger")
        project.mapThemeCollection().applyTheme(first_shown[0], root, model)
    layout_png = os.path.join(artifacts, pilot + "_layout.png")
    check(render_layout(project, QgsRectangle(view), layout_png), f"{where}: utskriftslayouten kunde inte exporteras")
    del bridge
    project.clear()


def check_standalone(out, pilot):
    gpkg = os.path.join(out, pilot, pilot + ".gpkg")
    expected = {"deso": "RuleRenderer", "upptagningsomrade": "singleSymbol", "vardcentraler": "RuleRenderer",
                "kommuner": "singleSymbol"}
    for name, renderer in expected.items():
        layer = QgsVectorLayer(f"{gpkg}|layername={name}", name, "ogr")
        if not check(layer.isValid(), f"{pilot}: {gpkg}|layername={name} är ogiltigt"):
            continue
        r = layer.renderer()
        check(r.type() == renderer, f"{pilot}: GeoPackage-lagret {name} ritas med {r.type()}, standardstilen ({renderer}) användes inte")
        if name == "deso":
            check_indicator_renderer(layer, f"{pilot}/gpkg deso")
        if name == "vardcentraler":
            check(layer.labelsEnabled(), f"{pilot}: GeoPackage-lagret vardcentraler saknar etiketter")
        geojson = os.path.join(out, pilot, "geojson", name + ".geojson")
        check(os.path.exists(geojson[:-len(".geojson")] + ".qml"), f"{pilot}: {name}.qml saknas bredvid GeoJSON-filen")
        gl = QgsVectorLayer(geojson, name, "ogr")
        if check(gl.isValid(), f"{pilot}: {geojson} är ogiltig"):
            check(gl.renderer().type() == renderer,
                  f"{pilot}: {name}.geojson ritas med {gl.renderer().type()}, .qml-filen användes inte")
            if name == "deso":
                check_indicator_renderer(gl, f"{pilot}/geojson deso")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--omrade", required=True)
    ap.add_argument("--config", required=True)
    ap.add_argument("--scratch", required=True)
    ap.add_argument("--artifacts", required=True)
    a = ap.parse_args()

    shutil.rmtree(a.scratch, ignore_errors=True)
    os.makedirs(a.scratch)
    os.makedirs(a.artifacts, exist_ok=True)
    out = os.path.join(a.scratch, "out")
    run = subprocess.run([a.omrade, "build", "--config", a.config, "--out", out, "--no-progress"],
                         capture_output=True, text=True)
    if run.returncode != 0:
        sys.exit(f"FEL: omrade build avslutades med {run.returncode}:\n{run.stderr}")
    with open(os.path.join(out, "byggrapport.json"), encoding="utf-8") as f:
        pilots = [p["id"] for p in json.load(f)["piloter"]]
    if not pilots:
        sys.exit("FEL: bygget gav inga piloter")

    app = QgsApplication([], True)  # GUI classes for the map canvas; headless via QT_QPA_PLATFORM=offscreen
    app.initQgis()
    try:
        for pilot in pilots:
            check_project(out, pilot, a.artifacts)
            check_standalone(out, pilot)
    finally:
        app.exitQgis()
    if failures:
        print(f"{len(failures)} kontroller misslyckades", file=sys.stderr)
        return 1
    print(f"QGIS {__import__('qgis.core').core.Qgis.QGIS_VERSION}: alla kontroller godkända för {', '.join(pilots)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
