import StatecraftTemplates

// `swift run TemplatesCatalog emit|check [--output DIR]`: writes or checks Templates/.
StatecraftTemplates.catalog.main()
